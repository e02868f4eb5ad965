package dev.dicomcmk.cli;

import dev.dicomcmk.diagnosis.Diagnosis;
import dev.dicomcmk.diagnosis.DiagnosisChanges;
import dev.dicomcmk.model.Durations;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * --watch: diagnoses again every interval until the service is healthy or the time is up, printing
 * only what changed. The caller's supplier reuses one Azure session, so the admin signs in once.
 * Waiting is bounded by the deadline and ends at once when the thread is interrupted (Ctrl-C).
 */
final class DiagnosisWatch {

    /** How a watch ended. */
    record Outcome(Diagnosis last, String ended, int checks, Duration watched) {
    }

    private final Duration interval;
    private final Duration timeout;
    private final DiagnosisPrinter printer;
    /** The wait between checks, on stderr (a status line, or a log's heartbeat); never on a JSON stdout. */
    private final Progress progress;

    DiagnosisWatch(Duration interval, Duration timeout, DiagnosisPrinter printer, Progress progress) {
        this.interval = interval;
        this.timeout = timeout;
        this.printer = printer;
        this.progress = progress;
    }

    Outcome run(Supplier<Diagnosis> diagnose) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Diagnosis last = diagnose.get();
        int checks = 1;
        if (!printer.json()) {
            printer.print(last, 0, null);
            if (!last.healthy()) {
                printer.line("watching every " + Durations.human(interval) + " for up to " + Durations.human(timeout)
                        + "; only changes are printed");
            }
        }
        String ended = last.healthy() ? "healthy" : "timed-out";
        String waiting = "watching until healthy: a check every " + Durations.human(interval) + " for up to "
                + Durations.human(timeout);
        if (!last.healthy()) {
            progress.step(waiting);
        }
        while (!last.healthy()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            progress.update("watching until healthy: " + checks + (checks == 1 ? " check" : " checks") + ", last "
                    + last.status() + ", " + Durations.human(Duration.ofNanos(left)) + " left");
            try {
                Thread.sleep(Math.max(1, Math.min(interval.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = "interrupted";
                break;
            }
            Diagnosis next = diagnose.get();
            checks++;
            printer.changes(next.timeline().now(), DiagnosisChanges.between(last, next));
            last = next;
            ended = last.healthy() ? "healthy" : "timed-out";
        }
        Duration watched = Duration.ofNanos(System.nanoTime() - start);
        progress.finish(waiting); // the watch is over: no status line (or heartbeat) after its last line
        printer.line(switch (ended) {
            case "healthy" -> checks == 1 ? "healthy at the first check" : "healthy after " + checks + " checks ("
                    + Durations.human(watched) + ")";
            case "interrupted" -> "interrupted after " + checks + " checks; last status " + last.status();
            default -> "still " + last.status() + " after " + Durations.human(watched) + " (" + checks
                    + " checks): " + last.summary();
        });
        return new Outcome(last, ended, checks, watched);
    }
}
