package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The ARM template expression language: recognising, escaping, parsing and evaluating "[...]"
 * strings.
 *
 * <p>ARM's rule, which we follow exactly: a string is an expression when it starts with '[' and
 * ends with ']'; if it starts with "[[" it is instead a literal with the first bracket removed.
 * A string that starts with '[' but does not end with ']' is an ordinary literal and ARM leaves
 * it (and any "[[" in it) untouched.
 */
public final class ArmExpressions {
    private ArmExpressions() {
    }

    /** True for "[...]" that ARM evaluates; false for literals, including escaped "[[...]". */
    public static boolean isExpression(String s) {
        return isLanguageExpressionSyntax(s) && !(s.length() > 1 && s.charAt(1) == '[');
    }

    /**
     * Makes a literal string safe to put in a template: a value ARM would evaluate or unescape
     * (starting with '[' and ending with ']') gets a second leading bracket, so the deployed value
     * is exactly {@code s}. Other strings are returned unchanged: escaping "[abc" would deploy "[[abc".
     */
    public static String escapeLiteral(String s) {
        return isLanguageExpressionSyntax(s) ? "[" + s : s;
    }

    /** Parses a "[...]" string; throws {@link ExpressionException} with the position of a syntax error. */
    public static Expr parse(String expression) {
        return ExpressionParser.parse(expression);
    }

    /** The value of a template string: evaluated when it is an expression, unescaped or as-is otherwise. */
    public static JsonNode evaluate(String expression, EvaluationContext ctx) {
        if (!isLanguageExpressionSyntax(expression)) {
            return TextNode.valueOf(expression);
        }
        Expr parsed = parse(expression);
        if (!isExpression(expression)) {
            return TextNode.valueOf(((Expr.StringLiteral) parsed).value());
        }
        return new Evaluator(expression, ctx).evaluate(parsed);
    }

    /**
     * A new tree with every string value and every object key evaluated. A key must evaluate to
     * a string (or an unresolved marker, whose text then names what is missing).
     */
    public static JsonNode evaluateTree(JsonNode node, EvaluationContext ctx) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return evaluate(node.textValue(), ctx);
        }
        if (node.isArray()) {
            ArrayNode out = ArmValues.NODES.arrayNode(node.size());
            for (JsonNode element : node) {
                out.add(evaluateTree(element, ctx));
            }
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = ArmValues.NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.set(evaluateKey(field.getKey(), ctx), evaluateTree(field.getValue(), ctx));
            }
            return out;
        }
        return node.deepCopy();
    }

    /** The marker that LENIENT evaluation leaves where a value could not be determined. */
    public static Optional<Unresolved> unresolved(JsonNode node) {
        return Evaluator.unresolved(node);
    }

    /** An unresolved marker, for contexts that want to answer "unknown" themselves. */
    public static JsonNode unresolvedValue(Unresolved unresolved) {
        return new UnresolvedNode(unresolved);
    }

    private static String evaluateKey(String key, EvaluationContext ctx) {
        JsonNode value = evaluate(key, ctx);
        if (!value.isTextual()) {
            throw new ExpressionException("object key " + Quote.of(key) + " evaluates to " + ArmValues.typeName(value)
                    + "; a key must be a string");
        }
        return value.textValue();
    }

    static boolean isLanguageExpressionSyntax(String s) {
        return s != null && s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']';
    }
}
