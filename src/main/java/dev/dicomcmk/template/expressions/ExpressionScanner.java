package dev.dicomcmk.template.expressions;

/**
 * Splits the inside of a "[...]" string into tokens. Positions are offsets in the full string,
 * so an error can point at the character the user wrote.
 */
final class ExpressionScanner {

    enum Kind { STRING, INTEGER, IDENTIFIER, LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA, DOT, END }

    record Token(Kind kind, String text, int position) {
        String describe() {
            return switch (kind) {
                case END -> "the end of the expression";
                case STRING -> "string '" + Quote.of(text).replace("\"", "") + "'";
                // quoted through Quote like strings: an identifier or a number can be 100,000 characters long
                case INTEGER -> "integer " + Quote.of(text).replace("\"", "");
                default -> "'" + Quote.of(text).replace("\"", "") + "'";
            };
        }
    }

    private final String text;
    private final int end;
    private int pos;
    private Token peeked;

    ExpressionScanner(String text, int start, int end) {
        this.text = text;
        this.pos = start;
        this.end = end;
    }

    Token peek() {
        if (peeked == null) {
            peeked = scan();
        }
        return peeked;
    }

    Token next() {
        Token t = peek();
        peeked = null;
        return t;
    }

    private Token scan() {
        while (pos < end && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        if (pos >= end) {
            return new Token(Kind.END, "", end);
        }
        int start = pos;
        char c = text.charAt(pos);
        switch (c) {
            case '(': pos++; return new Token(Kind.LEFT_PAREN, "(", start);
            case ')': pos++; return new Token(Kind.RIGHT_PAREN, ")", start);
            case '[': pos++; return new Token(Kind.LEFT_BRACKET, "[", start);
            case ']': pos++; return new Token(Kind.RIGHT_BRACKET, "]", start);
            case ',': pos++; return new Token(Kind.COMMA, ",", start);
            case '.': pos++; return new Token(Kind.DOT, ".", start);
            case '\'': return string(start);
            default:
                break;
        }
        if (isDigit(c) || (c == '-' && pos + 1 < end && isDigit(text.charAt(pos + 1)))) {
            pos++;
            while (pos < end && isDigit(text.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.INTEGER, text.substring(start, pos), start);
        }
        if (isIdentifierStart(c)) {
            while (pos < end && isIdentifierPart(text.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.IDENTIFIER, text.substring(start, pos), start);
        }
        throw new ExpressionException("syntax error in " + Quote.of(text) + " at position " + start
                + ": unexpected character '" + dev.dicomcmk.model.Text.escapeControls(String.valueOf(c)) + "'", start);
    }

    /** 'it''s' is the string it's; a string runs to the next lone quote. */
    private Token string(int start) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '\'') {
                if (pos + 1 < end && text.charAt(pos + 1) == '\'') {
                    value.append('\'');
                    pos += 2;
                    continue;
                }
                pos++;
                return new Token(Kind.STRING, value.toString(), start);
            }
            value.append(c);
            pos++;
        }
        throw new ExpressionException("syntax error in " + Quote.of(text) + " at position " + start
                + ": string literal is not closed (a quote inside a string is written '')", start);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }
}
