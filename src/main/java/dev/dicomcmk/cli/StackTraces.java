package dev.dicomcmk.cli;

import dev.dicomcmk.model.Text;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The --debug stack trace, written by hand so that every message in the chain goes through the
 * same redaction as everything else we print: a bearer token or a JWT quoted by an SDK exception
 * never reaches the terminal.
 */
final class StackTraces {

    private StackTraces() {
    }

    static String format(Throwable t) {
        StringBuilder b = new StringBuilder();
        format(t, "", b, new IdentityHashMap<>());
        return b.toString();
    }

    /** One chain of causes, then what each suppressed (a sign-in failure keeps the credential's own there). */
    private static void format(Throwable t, String first, StringBuilder b, Map<Throwable, Boolean> seen) {
        String prefix = first;
        java.util.List<Throwable> suppressed = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !seen.containsKey(c); c = c.getCause()) {
            suppressed.addAll(java.util.List.of(c.getSuppressed()));
            seen.put(c, true);
            b.append(prefix).append(c.getClass().getName());
            if (c.getMessage() != null) {
                b.append(": ").append(redact(c.getMessage()));
            }
            b.append('\n');
            for (StackTraceElement e : c.getStackTrace()) {
                b.append("\tat ").append(e).append('\n');
            }
            prefix = "Caused by: ";
        }
        for (Throwable s : suppressed) {
            format(s, "Suppressed: ", b, seen);
        }
    }

    /** Bearer tokens and anything shaped like a JWT are replaced; control characters escaped. */
    static String redact(String message) {
        String s = message.replaceAll("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}", "$1REDACTED")
                .replaceAll("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*", "REDACTED-JWT")
                .replaceAll("(?i)(client_secret=)[^&\\s]+", "$1REDACTED");
        return Text.escapeControls(s).replace("\\u000a", "\n");
    }
}
