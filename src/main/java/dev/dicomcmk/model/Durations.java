package dev.dicomcmk.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as admins write them: 90d, 12h, 30m, 45s, 2w, or ISO-8601 (P90D, PT30M). */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([smhdw])");
    /**
     * The longest duration any option means (a 100-year key age, say): beyond it a deadline or a millisecond
     * count would overflow later, far from the option that caused it.
     */
    public static final Duration MAX = Duration.ofDays(36_500);

    private Durations() {
    }

    public static Duration parse(String text, String option) {
        Duration d = parseUnbounded(text, option);
        if (d.compareTo(MAX) > 0) {
            throw new InvalidInputException(option + " '" + Text.shorten(text.strip()) + "' is longer than 100 years ("
                    + MAX.toDays() + "d); give a shorter duration");
        }
        return d;
    }

    private static Duration parseUnbounded(String text, String option) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(option + " is empty; give a duration such as 90d, 12h, 30m or P90D");
        }
        String t = text.strip();
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        if (t.length() <= 40 && (t.startsWith("P") || t.startsWith("p"))) {
            try {
                Duration d = Duration.parse(t);
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException ignored) {
                // fall through to the one error message below
            }
        }
        throw new InvalidInputException(option + " '" + Text.shorten(t)
                + "' is not a duration; use a number with s, m, h, d or w (90d, 12h) or ISO-8601 (P90D)");
    }

    /** "41 days", "3 hours", "12 minutes": how long ago or how long until, for messages. */
    public static String human(Duration d) {
        long s = Math.abs(d.getSeconds());
        if (s >= 2 * 86400) {
            return (s / 86400) + " days";
        }
        if (s >= 2 * 3600) {
            return (s / 3600) + " hours";
        }
        if (s >= 120) {
            return (s / 60) + " minutes";
        }
        return s + " seconds";
    }
}
