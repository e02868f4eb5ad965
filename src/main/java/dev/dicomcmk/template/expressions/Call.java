package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One function call being evaluated: its evaluated arguments, the context, and typed argument
 * readers whose errors quote the whole expression and name the function and argument.
 */
final class Call {
    private final Expr.FunctionCall expr;
    private final List<JsonNode> args;
    private final String source;
    private final EvaluationContext context;

    Call(Expr.FunctionCall expr, List<JsonNode> args, String source, EvaluationContext context) {
        this.expr = expr;
        this.args = args;
        this.source = source;
        this.context = context;
    }

    String name() {
        return expr.name();
    }

    EvaluationContext context() {
        return context;
    }

    List<JsonNode> args() {
        return args;
    }

    int count() {
        return args.size();
    }

    Call expectCount(int min, int max) {
        if (args.size() < min || args.size() > max) {
            String expected = min == max ? String.valueOf(min)
                    : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
            throw error("expects " + expected + " argument" + (max == 1 && min == 1 ? "" : "s") + ", got " + args.size());
        }
        return this;
    }

    JsonNode arg(int i) {
        return args.get(i);
    }

    String string(int i) {
        JsonNode n = args.get(i);
        if (!n.isTextual()) {
            throw typeError(i, "string", n);
        }
        return n.textValue();
    }

    long integer(int i) {
        JsonNode n = args.get(i);
        if (!n.isIntegralNumber()) {
            throw typeError(i, "integer", n);
        }
        return n.longValue();
    }

    int index(int i) {
        long v = integer(i);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error("argument " + (i + 1) + " is out of range: " + v);
        }
        return (int) v;
    }

    boolean bool(int i) {
        JsonNode n = args.get(i);
        if (!n.isBoolean()) {
            throw typeError(i, "bool", n);
        }
        return n.booleanValue();
    }

    ArrayNode array(int i) {
        JsonNode n = args.get(i);
        if (!n.isArray()) {
            throw typeError(i, "array", n);
        }
        return (ArrayNode) n;
    }

    ObjectNode object(int i) {
        JsonNode n = args.get(i);
        if (!n.isObject()) {
            throw typeError(i, "object", n);
        }
        return (ObjectNode) n;
    }

    ExpressionException error(String problem) {
        return new ExpressionException("cannot evaluate " + Quote.of(source) + ": function '" + expr.name() + "' "
                + problem, expr.position());
    }

    private ExpressionException typeError(int i, String expected, JsonNode actual) {
        return error("expects argument " + (i + 1) + " to be " + article(expected) + " " + expected + ", got "
                + article(ArmValues.typeName(actual)) + " " + ArmValues.typeName(actual));
    }

    private static String article(String type) {
        return type.startsWith("a") || type.startsWith("i") || type.startsWith("o") ? "an" : "a";
    }
}
