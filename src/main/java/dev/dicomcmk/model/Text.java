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

    /** Escapes C0/C1 control characters and DEL as \\uXXXX so they cannot reach a terminal raw. */
    public static String escapeControls(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
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
