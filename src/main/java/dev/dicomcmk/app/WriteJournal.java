package dev.dicomcmk.app;

import dev.dicomcmk.model.WriteFailure;
import dev.dicomcmk.rotation.Journal;
import dev.dicomcmk.rotation.JournalEntry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The journal of enable-identity's and update-via-arm's writes, kept as rotate-key keeps its own: each
 * write is one attempt, journaled (fsynced) before it is sent and ended after it, so the journal is the
 * audit log of everything the tool changed. A write whose answer was lost (no answer, a reset, a server
 * error) ends pending: the next run of the command reads it back from Azure and ends it for good.
 */
public final class WriteJournal {

    private final Journal journal;
    private final String command;
    private final String serviceId;
    private final Supplier<String> operator;
    private final Supplier<Instant> clock;

    public WriteJournal(Journal journal, String command, String serviceId, Supplier<String> operator, Supplier<Instant> clock) {
        this.journal = journal;
        this.command = command;
        this.serviceId = serviceId;
        this.operator = operator;
        this.clock = clock;
    }

    /** One write: its start line, the write, its end line (succeeded, failed, or pending when its outcome is unknown). */
    public <T> T write(String action, String oldKey, String newKey, String plan, String deployment, Supplier<T> write) {
        JournalEntry started = new JournalEntry(time(), UUID.randomUUID().toString(), operator.get(), serviceId, oldKey,
                newKey, plan, JournalEntry.STARTED, deployment, command, action);
        journal.append(started);
        T result;
        try {
            result = write.get();
        } catch (RuntimeException e) {
            if (e instanceof WriteFailure f) { // the port's failure: it knows whether Azure may have taken the write
                journal.append(started.ended(time(), f.outcomeUnknown()
                        ? JournalEntry.PENDING + ": its answer was lost (" + f.oneLine() + "); the next run reads it back from Azure"
                        : "failed: " + f.oneLine()));
                throw e;
            }
            journal.append(started.ended(time(), "failed: " + e.getMessage()));
            throw e;
        }
        journal.append(started.ended(time(), JournalEntry.SUCCEEDED));
        return result;
    }

    /**
     * Ends every attempt of this command on the service that an earlier run left open (killed mid-write, or
     * pending), newest first, with what {@code howItEnded} reads back from Azure for it (null: not ended yet,
     * it stays open).
     */
    public void reconcile(java.util.function.Function<JournalEntry, String> howItEnded) {
        for (int i = 0; i < 100; i++) { // bounded: a journal edited by hand could hold any number
            var open = journal.unfinished(serviceId, command);
            if (open.isEmpty()) {
                return;
            }
            String outcome = howItEnded.apply(open.get());
            if (outcome == null) {
                return; // still under way in Azure: it stays open for a later run
            }
            journal.append(open.get().ended(time(), outcome));
        }
    }

    private String time() {
        return clock.get().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
