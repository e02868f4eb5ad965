package dev.dicomcmk.template.expressions;

import dev.dicomcmk.model.Text;

/** Quotes template text in messages: control characters escaped, long text cut. */
final class Quote {
    private static final int MAX = 160;

    private Quote() {
    }

    static String of(String text) {
        String safe = Text.escapeControls(text == null ? "" : text);
        return "\"" + (safe.length() <= MAX ? safe : safe.substring(0, MAX) + "…") + "\"";
    }
}
