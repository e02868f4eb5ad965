package dev.dicomcmk.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Breaks text into lines at spaces only. A word longer than the line stays whole (it overflows)
 * because a split key URL or resource id can no longer be copied or searched for.
 */
final class WordWrap {
    private WordWrap() {
    }

    /**
     * @param width the most code points per line; 0 or less keeps the text on one line (pipes,
     *              files, and terminals too narrow to be worth wrapping for)
     */
    static List<String> lines(String text, int width) {
        if (width <= 0 || length(text) <= width) {
            return List.of(text);
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && length(line) + 1 + length(word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Columns are counted in code points so that an emoji or a CJK name is not counted twice. */
    static int length(CharSequence s) {
        return Character.codePointCount(s, 0, s.length());
    }
}
