package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** String functions: format, case, trimming, searching, splitting, conversions to text. */
final class StringFunctions {

    /** .NET's "N" standard numeric format with 0-99 decimals (the only alignment/format we evaluate). */
    private static final Pattern NUMBER_FORMAT = Pattern.compile("[Nn][0-9]{0,2}");

    private StringFunctions() {
    }

    static void register(Map<String, ArmFunction> table) {
        table.put("format", StringFunctions::format);
        table.put("tolower", c -> text(c.expectCount(1, 1).string(0).toLowerCase(Locale.ROOT)));
        table.put("toupper", c -> text(c.expectCount(1, 1).string(0).toUpperCase(Locale.ROOT)));
        table.put("trim", c -> text(c.expectCount(1, 1).string(0).strip()));
        table.put("string", c -> text(ArmValues.toText(c.expectCount(1, 1).arg(0))));
        table.put("replace", c -> text(c.expectCount(3, 3).string(0).replace(c.string(1), c.string(2))));
        // ARM compares startsWith/endsWith case-insensitively (documented), unlike contains().
        table.put("startswith", c -> bool(c.expectCount(2, 2).string(0).toLowerCase(Locale.ROOT)
                .startsWith(c.string(1).toLowerCase(Locale.ROOT))));
        table.put("endswith", c -> bool(c.expectCount(2, 2).string(0).toLowerCase(Locale.ROOT)
                .endsWith(c.string(1).toLowerCase(Locale.ROOT))));
        table.put("substring", StringFunctions::substring);
        table.put("split", StringFunctions::split);
        table.put("uniquestring", c -> text(ArmHashes.uniqueString(strings(c.expectCount(1, Integer.MAX_VALUE)))));
        table.put("guid", c -> text(ArmHashes.guid(strings(c.expectCount(1, Integer.MAX_VALUE)))));
    }

    static JsonNode text(String s) {
        return TextNode.valueOf(s);
    }

    static JsonNode bool(boolean b) {
        return ArmValues.NODES.booleanNode(b);
    }

    private static List<String> strings(Call c) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < c.count(); i++) {
            values.add(c.string(i));
        }
        return values;
    }

    /** .NET composite formatting: {0}, {1}, with {{ and }} for literal braces. */
    private static JsonNode format(Call c) {
        c.expectCount(1, Integer.MAX_VALUE);
        String pattern = c.string(0);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char ch = pattern.charAt(i);
            if (ch == '{' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
            } else if (ch == '}' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '}') {
                out.append('}');
                i += 2;
            } else if (ch == '{') {
                int close = pattern.indexOf('}', i);
                if (close < 0) {
                    throw c.error("has an unclosed '{' at position " + i + " of its format string");
                }
                out.append(placeholder(c, pattern.substring(i + 1, close)));
                i = close + 1;
            } else if (ch == '}') {
                throw c.error("has a lone '}' at position " + i + " of its format string (write '}}')");
            } else {
                out.append(ch);
                i++;
            }
        }
        return text(out.toString());
    }

    private static String placeholder(Call c, String spec) {
        String indexText = spec;
        int colon = spec.indexOf(':');
        int comma = spec.indexOf(',');
        String numberFormat = null;
        if (colon >= 0 && comma < 0 && NUMBER_FORMAT.matcher(spec.substring(colon + 1)).matches()) {
            // .NET's standard numeric format "N<decimals>" (invariant culture): the one format ARM's documentation
            // shows ({2:N0} -> 8,175,133)
            numberFormat = spec.substring(colon + 1);
            indexText = spec.substring(0, colon);
        } else if (colon >= 0 || comma >= 0) {
            // Alignment and format strings ({0,5}, {0:N2}) follow .NET culture rules we do not reproduce.
            throw new UnsupportedExpressionException("format", "format placeholder {" + spec
                    + "} uses an alignment or format string, which dicom-cmk does not evaluate; use {n} only");
        }
        int index;
        try {
            index = Integer.parseInt(indexText.strip());
        } catch (NumberFormatException e) {
            throw c.error("has an invalid placeholder {" + spec + "}");
        }
        if (index < 0 || index + 1 >= c.count()) {
            throw c.error("refers to {" + index + "} but has only " + (c.count() - 1) + " value(s) to format");
        }
        JsonNode value = c.arg(index + 1);
        if (numberFormat != null) {
            if (!value.isIntegralNumber()) {
                throw c.error("formats {" + spec + "} as a number, but value " + index + " is " + ArmValues.toText(value));
            }
            int decimals = numberFormat.length() == 1 ? 2 : Integer.parseInt(numberFormat.substring(1));
            DecimalFormat grouped = new DecimalFormat("#,##0" + (decimals == 0 ? "" : "." + "0".repeat(decimals)),
                    DecimalFormatSymbols.getInstance(Locale.ROOT));
            return grouped.format(value.bigIntegerValue());
        }
        return ArmValues.toText(value);
    }

    private static JsonNode substring(Call c) {
        c.expectCount(2, 3);
        String s = c.string(0);
        int start = c.index(1);
        int length = c.count() == 3 ? c.index(2) : s.length() - Math.max(start, 0);
        if (start < 0 || start > s.length()) {
            throw c.error("start index " + start + " is outside the string (length " + s.length() + ")");
        }
        if (length < 0 || start + length > s.length()) {
            throw c.error("index " + start + " and length " + length + " must lie within the string (length "
                    + s.length() + ")");
        }
        return text(s.substring(start, start + length));
    }

    private static JsonNode split(Call c) {
        c.expectCount(2, 2);
        String s = c.string(0);
        List<String> delimiters = new ArrayList<>();
        if (c.arg(1).isArray()) {
            for (JsonNode d : c.array(1)) {
                if (!d.isTextual()) {
                    throw c.error("expects its delimiters to be strings");
                }
                delimiters.add(d.textValue());
            }
        } else {
            delimiters.add(c.string(1));
        }
        delimiters.removeIf(String::isEmpty);
        ArrayNode parts = ArmValues.NODES.arrayNode();
        int from = 0;
        int i = 0;
        while (i <= s.length()) {
            String matched = null;
            for (String d : delimiters) {
                if (s.startsWith(d, i)) {
                    matched = d;
                    break;
                }
            }
            if (matched != null) {
                parts.add(s.substring(from, i));
                i += matched.length();
                from = i;
            } else {
                i++;
            }
        }
        parts.add(s.substring(from));
        return parts;
    }
}
