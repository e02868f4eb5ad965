package dev.dicomcmk.template.expressions;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the ARM template language, following the grammar of ARM's own
 * parser: an expression is a string literal, an integer, or a function call; only a function
 * call may be followed by property ({@code .name}) and index ({@code [expr]}) accessors.
 * {@code true}, {@code false} and {@code null} are functions, not keywords.
 */
final class ExpressionParser {
    /** Deep enough for any real template, shallow enough that hostile input cannot overflow the stack. */
    private static final int MAX_DEPTH = 64;

    private final String text;
    private final ExpressionScanner scanner;
    private int depth;

    private ExpressionParser(String text) {
        this.text = text;
        this.scanner = new ExpressionScanner(text, 1, text.length() - 1);
    }

    /** Parses a whole "[...]" string; "[[...]" is an escaped literal and parses to that literal. */
    static Expr parse(String text) {
        if (text == null || !ArmExpressions.isLanguageExpressionSyntax(text)) {
            throw new ExpressionException("not a template expression: " + Quote.of(text)
                    + " (an expression starts with '[' and ends with ']')", 0);
        }
        if (text.length() > 1 && text.charAt(1) == '[') {
            return new Expr.StringLiteral(text.substring(1), 0);
        }
        ExpressionParser parser = new ExpressionParser(text);
        Expr expr = parser.expression();
        ExpressionScanner.Token end = parser.scanner.next();
        if (end.kind() != ExpressionScanner.Kind.END) {
            throw parser.error(end.position(), "unexpected " + end.describe() + " after the end of the expression");
        }
        return expr;
    }

    private Expr expression() {
        if (++depth > MAX_DEPTH) {
            throw error(scanner.peek().position(), "expression nested more than " + MAX_DEPTH + " levels deep");
        }
        try {
            ExpressionScanner.Token token = scanner.next();
            return switch (token.kind()) {
                case STRING -> new Expr.StringLiteral(token.text(), token.position());
                case INTEGER -> integer(token);
                case IDENTIFIER -> accessors(functionCall(token));
                case END -> throw error(token.position(), "expression is empty or ends too early");
                default -> throw error(token.position(), "expected a string, an integer or a function call, found "
                        + token.describe());
            };
        } finally {
            depth--;
        }
    }

    private Expr integer(ExpressionScanner.Token token) {
        try {
            return new Expr.IntegerLiteral(Long.parseLong(token.text()), token.position());
        } catch (NumberFormatException e) {
            throw error(token.position(), "integer " + token.text() + " is out of range");
        }
    }

    private Expr functionCall(ExpressionScanner.Token identifier) {
        String name = identifier.text();
        if (scanner.peek().kind() == ExpressionScanner.Kind.DOT) {
            // user-defined functions are namespaced: ns.fn(...)
            scanner.next();
            ExpressionScanner.Token member = expect(ExpressionScanner.Kind.IDENTIFIER, "a function name after '" + name + ".'");
            name = name + "." + member.text();
        }
        expect(ExpressionScanner.Kind.LEFT_PAREN, "'(' after function name '" + name + "'");
        List<Expr> args = new ArrayList<>();
        if (scanner.peek().kind() == ExpressionScanner.Kind.RIGHT_PAREN) {
            scanner.next();
        } else {
            while (true) {
                args.add(expression());
                ExpressionScanner.Token sep = scanner.next();
                if (sep.kind() == ExpressionScanner.Kind.RIGHT_PAREN) {
                    break;
                }
                if (sep.kind() != ExpressionScanner.Kind.COMMA) {
                    throw error(sep.position(), "expected ',' or ')' in the arguments of '" + name + "', found " + sep.describe());
                }
            }
        }
        return new Expr.FunctionCall(name, args, identifier.position());
    }

    private Expr accessors(Expr target) {
        Expr result = target;
        while (true) {
            ExpressionScanner.Token token = scanner.peek();
            if (token.kind() == ExpressionScanner.Kind.DOT) {
                scanner.next();
                ExpressionScanner.Token property = expect(ExpressionScanner.Kind.IDENTIFIER, "a property name after '.'");
                result = new Expr.PropertyAccess(result, property.text(), property.position());
            } else if (token.kind() == ExpressionScanner.Kind.LEFT_BRACKET) {
                scanner.next();
                Expr index = expression();
                expect(ExpressionScanner.Kind.RIGHT_BRACKET, "']' to close the index");
                result = new Expr.IndexAccess(result, index, token.position());
            } else {
                return result;
            }
        }
    }

    private ExpressionScanner.Token expect(ExpressionScanner.Kind kind, String what) {
        ExpressionScanner.Token token = scanner.next();
        if (token.kind() != kind) {
            throw error(token.position(), "expected " + what + ", found " + token.describe());
        }
        return token;
    }

    private ExpressionException error(int position, String problem) {
        return new ExpressionException("syntax error in " + Quote.of(text) + " at position " + position + ": " + problem,
                position);
    }
}
