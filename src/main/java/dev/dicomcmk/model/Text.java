package dev.dicomcmk.model;

/** Small text helpers for messages that quote user input or Azure data. */
public final class Text {
    private static final int MAX_QUOTE = 80;

    private Text() {
    }

    /**
     * Makes a value safe to quote in a one-line message: control characters (including escape
     * sequences that could drive a terminal) are shown escaped, long values are cut.
     */
    public static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String safe = escapeControls(s);
        return safe.length() <= MAX_QUOTE ? safe : safe.substring(0, MAX_QUOTE) + "…";
    }

    /** As {@link #escapeControls} but keeps line breaks (tabs become spaces): for multi-line text such as a stack trace. */
    public static String escapeControlsKeepingLines(String s) {
        return java.util.Arrays.stream(s.split("\r?\n", -1))
                .map(line -> escapeControls(line.replace("\t", "    ")))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** An instant as people read it: UTC, ISO-8601, whole seconds ("2026-12-04T12:00:00Z"). */
    public static String instant(java.time.Instant at) {
        return java.time.format.DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /**
     * Escapes C0/C1 control characters, DEL, and invisible format characters (bidi overrides and isolates,
     * zero-width spaces and joiners, the BOM) as \\uXXXX, so they cannot reach a terminal raw: a right-to-left
     * override in a resource name would otherwise show "FAIL" text reversed or a name that is not there.
     */
    public static String escapeControls(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT;
            if (control) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(String.format("\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
