package dev.dicomcmk.advice;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A command line we tell an admin to run, built from its parts: the command's words, then the targets that
 * command requires, then what it changes. Only {@link Commands} makes one, and each of its factories takes the
 * targets as parameters, so a command cannot be printed without them. Values are shell-quoted when they need it;
 * a value we cannot know is a {@link #placeholder(String) placeholder}, one shell word in angle brackets.
 */
public final class SuggestedCommand {

    /** Words a POSIX shell passes through unchanged. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z0-9][a-z0-9.-]*>");

    private final List<String> words;
    /** targets printed after every option (dicom-cmk's habit: the verb's options, then --service) */
    private final List<String> tail;

    SuggestedCommand(List<String> words) {
        this(words, List.of());
    }

    private SuggestedCommand(List<String> words, List<String> tail) {
        this.words = List.copyOf(words);
        this.tail = List.copyOf(tail);
    }

    /** The command with a target that is printed last, after any option added later. */
    SuggestedCommand withLast(String flag, String value) {
        List<String> more = new ArrayList<>(tail);
        more.add(flag);
        more.add(quote(value));
        return new SuggestedCommand(words, more);
    }

    /** A value the admin fills in, e.g. {@code placeholder("new key URL")} is {@code <new-key-url>}. */
    public static String placeholder(String what) {
        return "<" + what.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "")
                + ">";
    }

    /** The command with a flag that takes no value. */
    public SuggestedCommand with(String flag) {
        List<String> more = new ArrayList<>(words);
        more.add(flag);
        return new SuggestedCommand(more, tail);
    }

    /** The command with a flag and its value(s). */
    public SuggestedCommand with(String flag, String... values) {
        List<String> more = new ArrayList<>(words);
        more.add(flag);
        for (String v : values) {
            more.add(quote(v));
        }
        return new SuggestedCommand(more, tail);
    }

    /** The command line as it is pasted into a shell. */
    @Override
    public String toString() {
        List<String> all = new ArrayList<>(words);
        all.addAll(tail);
        return String.join(" ", all);
    }

    static String quote(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a suggested command needs every value; use a placeholder for one we do not know");
        }
        if (PLAIN.matcher(value).matches() || PLACEHOLDER.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
