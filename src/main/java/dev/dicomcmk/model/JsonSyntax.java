package dev.dicomcmk.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.Locale;

/**
 * Where a JSON input file breaks and what was expected there, in words, without a byte of the file's content:
 * the parser's own message quotes the token it choked on and an excerpt of the text ("[Source: ...]"), and a
 * wrong file (a credentials file, a parameters file with a secure value) can hold a secret that would then
 * land in a CI log. Structural characters ({ } [ ] : ,) are named; values, words and names never are.
 */
public final class JsonSyntax {

    private JsonSyntax() {
    }

    /** "invalid JSON at line 3, column 5: expected a comma between two properties". */
    public static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() <= 0 ? ""
                : " at line " + at.getLineNr() + ", column " + Math.max(1, at.getColumnNr());
        return "invalid JSON" + where + ": " + expected(e.getOriginalMessage());
    }

    /** The line of the break (0 when the parser did not say). */
    public static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
    }

    private static String expected(String parserMessage) {
        String m = parserMessage == null ? "" : parserMessage.toLowerCase(Locale.ROOT);
        if (m.contains("end-of-input")) {
            return "the file ends early: expected more, at least a '}' or ']' to close what is open";
        }
        if (m.startsWith("duplicate field")) {
            // a property's name is structure, not a value: naming it finds the line faster
            int open = parserMessage.indexOf('\'');
            int close = parserMessage.lastIndexOf('\'');
            String name = open >= 0 && close > open ? " '" + Text.shorten(Text.escapeControls(
                    parserMessage.substring(open + 1, close))) + "'" : "";
            return "property" + name + " appears twice in the same object; expected each name once";
        }
        if (m.contains("comma to separate object entries")) {
            return "expected ',' between two properties or '}' to close the object";
        }
        if (m.contains("comma to separate array entries")) {
            return "expected ',' between two items or ']' to close the array";
        }
        if (m.contains("double-quote to start field name")) {
            return "expected a property name in double quotes (or '}' to close the object)";
        }
        if (m.contains("colon to separate field name and value")) {
            return "expected ':' after the property name";
        }
        if (m.contains("close marker")) {
            return "a closing '}' or ']' does not match the one opened before it";
        }
        if (m.contains("ctrl-char") || m.contains("has to be escaped")) {
            return "a control character (a tab or line break) inside a string must be escaped (\\t, \\n)";
        }
        if (m.contains("escape")) {
            return "expected a valid escape in a string (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)";
        }
        if (m.contains("numeric value") || m.contains("number") || m.contains("leading zeroes")) {
            return "expected a valid number (no leading zeros, at most 1000 digits)";
        }
        if (m.contains("nesting depth")) {
            return "objects and arrays nest too deeply";
        }
        if (m.contains("unrecognized token") || m.contains("expected a valid value") || m.contains("unexpected character")) {
            return "expected a value: a string in double quotes, a number, true, false, null, an object or an array";
        }
        return "expected a JSON value here";
    }
}
