package dev.dicomcmk.rotation;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Who holds (or held) a rotation lock: the process id and when its run started, as written into the
 * lock file.
 */
public record LockHolder(long pid, Instant started) {

    String line() {
        return "pid=" + pid + " started=" + started + "\n";
    }

    /** Null when the text is empty or not a holder line (a lock file from a run that ended cleanly). */
    static LockHolder parse(String text) {
        long pid = -1;
        Instant started = null;
        for (String part : text.strip().split("\\s+")) {
            try {
                if (part.startsWith("pid=")) {
                    pid = Long.parseLong(part.substring(4));
                } else if (part.startsWith("started=")) {
                    started = Instant.parse(part.substring(8));
                }
            } catch (NumberFormatException | DateTimeParseException ignored) {
                // an unreadable field leaves the holder unknown
            }
        }
        return pid > 0 ? new LockHolder(pid, started) : null;
    }

    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public String describe() {
        return "PID " + pid + (started == null ? "" : " (started " + started + ")");
    }
}
