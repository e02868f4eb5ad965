package dev.dicomcmk.output;

import dev.dicomcmk.requirements.Verdict;

/**
 * Colour for human output. Whether to colour at all (NO_COLOR, {@code --no-color}, {@code picocli.ansi}, a
 * terminal or not) is decided once, in the CLI, through picocli's Ansi layer; this class only paints, with
 * the ANSI SGR codes picocli's colour scheme writes (start codes, the text, end codes in reverse, reset), so
 * the output package needs no picocli.
 *
 * <p>The text is painted as plain characters, never parsed for markup: what we colour can come from Azure,
 * and markup would let a resource name that contains {@code @|} restyle or hide parts of the line.
 */
public final class Style {
    /** No colour at all: for files, pipes and golden tests. */
    public static final Style PLAIN = new Style(false);

    private static final String ESC = "\u001B[";
    private static final Sgr GREEN = new Sgr(32, 39);
    private static final Sgr YELLOW = new Sgr(33, 39);
    private static final Sgr RED = new Sgr(31, 39);
    private static final Sgr BOLD = new Sgr(1, 21);
    private static final Sgr FAINT = new Sgr(2, 22);

    /** One SGR attribute: the code that turns it on and the one that turns it off. */
    private record Sgr(int on, int off) {
    }

    private final boolean colour;

    private Style(boolean colour) {
        this.colour = colour;
    }

    /** @param colour whether the CLI decided this output gets colour */
    public static Style of(boolean colour) {
        return colour ? new Style(true) : PLAIN;
    }

    /** The verdict's name in its colour: PASS green, WARN yellow, FAIL bold red, SKIP faint. */
    public String verdict(Verdict verdict) {
        return switch (verdict) {
            case PASS -> paint(verdict.name(), GREEN);
            case WARN -> paint(verdict.name(), YELLOW);
            case FAIL -> paint(verdict.name(), RED, BOLD);
            case SKIP -> paint(verdict.name(), FAINT);
        };
    }

    /** A word in a verdict's colours: good green, warning yellow, bad bold red (fleet standings). */
    public String good(String plainText) {
        return paint(plainText, GREEN);
    }

    public String warning(String plainText) {
        return paint(plainText, YELLOW);
    }

    public String bad(String plainText) {
        return paint(plainText, RED, BOLD);
    }

    /** Emphasis for headings. */
    public String bold(String plainText) {
        return paint(plainText, BOLD);
    }

    /** Quiet text such as labels and documentation quotes. */
    public String faint(String plainText) {
        return paint(plainText, FAINT);
    }

    private String paint(String plainText, Sgr... styles) {
        if (!colour || plainText == null || plainText.isEmpty()) {
            return plainText == null ? "" : plainText;
        }
        StringBuilder out = new StringBuilder();
        for (Sgr s : styles) {
            out.append(ESC).append(s.on()).append('m');
        }
        out.append(plainText);
        for (int i = styles.length - 1; i >= 0; i--) {
            out.append(ESC).append(styles[i].off()).append('m');
        }
        return out.append(ESC).append("0m").toString();
    }
}
