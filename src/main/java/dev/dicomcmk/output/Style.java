package dev.dicomcmk.output;

import dev.dicomcmk.requirements.Verdict;
import java.util.List;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.IStyle;
import picocli.CommandLine.Help.ColorScheme;

/**
 * Colour for human output, always through picocli's Ansi layer so NO_COLOR, {@code --no-color},
 * {@code picocli.ansi} and TTY detection decide in one place (the CLI picks the {@link Ansi} mode).
 *
 * <p>Styles are applied with {@link ColorScheme#apply}, not {@code @|...|@} markup, because the
 * text we colour can come from Azure: markup would let a resource name that contains {@code @|}
 * restyle or hide parts of the line. {@code apply} treats its text as plain characters.
 */
public final class Style {
    /** No colour at all: for files, pipes and golden tests. */
    public static final Style PLAIN = new Style(Ansi.OFF);

    private final ColorScheme scheme;

    private Style(Ansi ansi) {
        this.scheme = new ColorScheme.Builder(ansi).build();
    }

    public static Style of(Ansi ansi) {
        return ansi == Ansi.OFF ? PLAIN : new Style(ansi);
    }

    /** The verdict's name in its colour: PASS green, WARN yellow, FAIL bold red, SKIP faint. */
    public String verdict(Verdict verdict) {
        return switch (verdict) {
            case PASS -> paint(verdict.name(), Ansi.Style.fg_green);
            case WARN -> paint(verdict.name(), Ansi.Style.fg_yellow);
            case FAIL -> paint(verdict.name(), Ansi.Style.fg_red, Ansi.Style.bold);
            case SKIP -> paint(verdict.name(), Ansi.Style.faint);
        };
    }

    /** A word in a verdict's colours: good green, warning yellow, bad bold red (fleet standings). */
    public String good(String plainText) {
        return paint(plainText, Ansi.Style.fg_green);
    }

    public String warning(String plainText) {
        return paint(plainText, Ansi.Style.fg_yellow);
    }

    public String bad(String plainText) {
        return paint(plainText, Ansi.Style.fg_red, Ansi.Style.bold);
    }

    /** Emphasis for headings. */
    public String bold(String plainText) {
        return paint(plainText, Ansi.Style.bold);
    }

    /** Quiet text such as labels and documentation quotes. */
    public String faint(String plainText) {
        return paint(plainText, Ansi.Style.faint);
    }

    private String paint(String plainText, IStyle... styles) {
        return scheme.apply(plainText, List.of(styles)).toString();
    }
}
