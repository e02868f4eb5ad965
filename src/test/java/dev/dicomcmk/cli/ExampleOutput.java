package dev.dicomcmk.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Compares an example's shown output with a real run's, and refreshes it, keeping the example's elisions. */
final class ExampleOutput {

    /** What differs between runs and is not part of the example's point, each with what it becomes. */
    private static final List<Object[]> VOLATILE = List.of(
            new Object[] {Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"), "<time>"},
            new Object[] {Pattern.compile("(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b"), "<guid>"},
            // key versions (32 hex), deployment names' content hashes (12 hex), truncated versions
            new Object[] {Pattern.compile("(?i)\\b[0-9a-f]{12,}"), "<hex>"},
            new Object[] {Pattern.compile("(127\\.0\\.0\\.1|localhost):\\d+"), "$1:<port>"},
            new Object[] {Pattern.compile("/tmp/dicom-cmk-[\\w.-]+"), "<tmp>"},
            new Object[] {Pattern.compile("\\b\\d+(\\.\\d+)? ?(ms|s)\\b"), "<duration>"},
            new Object[] {Pattern.compile("\\b\\d+ (second|seconds)\\b"), "<n> seconds"},
            // counted from the sandbox's start to the moment of the read: a second's difference flips them
            new Object[] {Pattern.compile("\\b\\d+ (minute|minutes|day|days) from now\\b"), "<n> $1 from now"},
            new Object[] {Pattern.compile("\\bexpires in \\d+ days\\b"), "expires in <n> days"},
            // tables pad their columns to the widest value, which the substitutions above change
            new Object[] {Pattern.compile(" {2,}"), "  "});

    private ExampleOutput() {
    }

    /** A sign-in slow enough to be told about depends on the machine's load, not on the example. */
    private static final Pattern SLOW_SIGN_IN = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\S+ \\.\\.\\. signing in at \\S+");

    static String normalise(String line) {
        String s = line.stripTrailing();
        for (Object[] rule : VOLATILE) {
            s = ((Pattern) rule[0]).matcher(s).replaceAll((String) rule[1]);
        }
        return s;
    }

    static boolean isElision(String shownLine) {
        String s = shownLine.strip();
        return s.equals("...") || s.equals("…");
    }

    /** Whether the shown lines are the actual ones; a shown line "..." stands for any number of lines. */
    static boolean matches(List<String> shown, List<String> actual) {
        return matches(shown, 0, actual.stream().filter(l -> !SLOW_SIGN_IN.matcher(l).matches())
                .map(ExampleOutput::normalise).toList(), 0);
    }

    private static boolean matches(List<String> shown, int s, List<String> actual, int a) {
        if (s == shown.size()) {
            return a == actual.size();
        }
        if (isElision(shown.get(s))) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(shown, s + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && normalise(shown.get(s)).equals(actual.get(a)) && matches(shown, s + 1, actual, a + 1);
    }

    /**
     * The actual output shown the way the example showed it: with as many lines before and after one "..." as the
     * example had, when the actual output is longer than that.
     */
    static List<String> elideLike(List<String> shown, List<String> actual) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < shown.size(); i++) {
            if (isElision(shown.get(i))) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return actual;
        }
        int head = first;
        int tail = shown.size() - 1 - last;
        if (actual.size() <= head + tail) {
            return actual;
        }
        List<String> out = new ArrayList<>(actual.subList(0, head));
        out.add(shown.get(first));
        out.addAll(actual.subList(actual.size() - tail, actual.size()));
        return out;
    }

    /**
     * Shown and actual one after the other, for the failure message; a line marked '!' has no equal (after
     * normalising) on the other side.
     */
    static String diff(List<String> shown, List<String> actual) {
        java.util.Set<String> inShown = new java.util.HashSet<>(shown.stream().map(ExampleOutput::normalise).toList());
        java.util.Set<String> inActual = new java.util.HashSet<>(actual.stream().map(ExampleOutput::normalise).toList());
        StringBuilder b = new StringBuilder("  shown:\n");
        shown.forEach(l -> b.append(isElision(l) || inActual.contains(normalise(l)) ? "    | " : "   !| ").append(l).append('\n'));
        b.append("  actual:\n");
        actual.forEach(l -> b.append(inShown.contains(normalise(l)) ? "    | " : "   !| ").append(l).append('\n'));
        return b.toString();
    }
}
