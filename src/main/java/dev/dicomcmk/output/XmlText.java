package dev.dicomcmk.output;

import dev.dicomcmk.model.Text;

/**
 * Makes Azure-sourced text safe for XML 1.0. StAX escapes markup ({@code <&">}) but writes
 * characters XML 1.0 forbids (ESC, BEL, lone surrogates) as they are, and a CI server then
 * rejects the whole report. Controls become visible {@code \\u001b} escapes, as in the table,
 * so the evidence stays readable; other forbidden code points become U+FFFD.
 */
final class XmlText {
    private XmlText() {
    }

    /** One-line text (a detail, a name): all controls escaped, then anything XML 1.0 forbids replaced. */
    static String line(String s) {
        return s == null ? "" : replaceForbidden(Text.escapeControls(s));
    }

    private static String replaceForbidden(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            b.appendCodePoint(allowed(cp) ? cp : 0xFFFD);
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /** The XML 1.0 {@code Char} production; a lone surrogate arrives here as its own code point. */
    static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
