package dev.dicomcmk.cli;

import dev.dicomcmk.model.Text;
import dev.dicomcmk.rotation.JournalEntry;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a run stopped by Ctrl-C (SIGINT) or SIGTERM in the middle of a write says on its way out: the writes it
 * finished, the one in flight, and the command that finishes it. It reads nothing but the journal lines this run
 * appended (the journal is written before each write is sent, so it knows), and speaks from a shutdown hook that
 * is there only while one of this run's attempts is open. A run killed with SIGKILL says nothing; its journal
 * still holds the attempt open and the next run finishes it all the same.
 */
final class InterruptNotice {

    private final PrintWriter err;
    private final Supplier<String> sameCommand;
    private final Runnable beforeSpeaking;
    /** This run's attempts, each with its lines in order. */
    private final Map<String, List<JournalEntry>> attempts = new LinkedHashMap<>();
    private Path journalFile;
    private Thread hook;
    private boolean closed;

    /**
     * @param sameCommand    the command line of this run (what finishes an open attempt)
     * @param beforeSpeaking what must stop before the message (the status line's clock)
     */
    InterruptNotice(PrintWriter err, Supplier<String> sameCommand, Runnable beforeSpeaking) {
        this.err = err;
        this.sameCommand = sameCommand;
        this.beforeSpeaking = beforeSpeaking;
    }

    synchronized void journal(Path file) {
        journalFile = file;
    }

    /** A line this run put in the journal. */
    synchronized void appended(JournalEntry line) {
        if (closed || line.attempt() == null) {
            return;
        }
        attempts.computeIfAbsent(line.attempt(), a -> new ArrayList<>()).add(line);
        if (hook == null && open(line)) {
            hook = new Thread(this::speak, "dicom-cmk-interrupted");
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                hook = null;
            }
        }
    }

    /** The run is over (however it ended, it said so itself): nothing to say on the way out. */
    synchronized void close() {
        closed = true;
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
            hook = null;
        }
    }

    private void speak() {
        String message;
        synchronized (this) {
            message = closed ? null : message();
        }
        if (message == null) {
            return;
        }
        beforeSpeaking.run();
        err.println(message);
        err.flush();
    }

    /** The one message for every attempt left open; null when none is. */
    synchronized String message() {
        List<String> parts = new ArrayList<>();
        for (List<JournalEntry> lines : attempts.values()) {
            JournalEntry last = lines.get(lines.size() - 1);
            if (!open(last)) {
                continue;
            }
            List<String> done = new ArrayList<>();
            for (JournalEntry earlier : lines.subList(0, lines.size() - 1)) {
                if (earlier.started() && !java.util.Objects.equals(earlier.actionName(), last.actionName())) {
                    done.add(done(earlier, last));
                }
            }
            parts.add(last.commandName() + " on " + shortService(last.service()) + ": "
                    + (done.isEmpty() ? "" : "done: " + String.join(", ", done) + "; ")
                    + "in flight: " + inFlight(last) + " (sent to Azure or about to be: it may still complete there)");
        }
        if (parts.isEmpty()) {
            return null;
        }
        return Text.escapeControls("dicom-cmk: interrupted during " + String.join("; ", parts) + ". The journal "
                + (journalFile == null ? "" : journalFile + " ") + "holds it open; to finish it, run: " + sameCommand.get());
    }

    private static boolean open(JournalEntry line) {
        return line.started() || line.pending();
    }

    private static String done(JournalEntry step, JournalEntry next) {
        return JournalEntry.CREATE_VERSION.equals(step.actionName()) && next.newKey() != null
                ? "created key version " + shortKey(next.newKey())
                : words(step);
    }

    private static String inFlight(JournalEntry line) {
        String deployment = line.deployment() == null ? "" : ", deployment " + line.deployment();
        return words(line) + deployment;
    }

    private static String words(JournalEntry line) {
        String action = line.actionName() == null ? "write" : line.actionName();
        return switch (action) {
            case JournalEntry.CREATE_VERSION -> "create a new version of " + shortKey(line.oldKey());
            case JournalEntry.SWITCH -> "switch the service to " + shortKey(line.newKey());
            case JournalEntry.ROLLBACK -> "switch the service back to " + shortKey(line.oldKey());
            default -> action + (line.plan() == null ? "" : " (" + line.plan() + ")");
        };
    }

    /** vault/key/version of a key URL: the parts an admin recognises. */
    private static String shortKey(String url) {
        if (url == null) {
            return "the key";
        }
        String[] p = url.replaceFirst("^https://", "").split("/");
        return p.length >= 4 ? p[0].split("\\.")[0] + "/" + p[2] + "/" + p[3] : url;
    }

    private static String shortService(String id) {
        if (id == null) {
            return "the service";
        }
        String[] p = id.split("/");
        return p.length >= 2 ? p[p.length - 3] + "/" + p[p.length - 1] : id;
    }
}
