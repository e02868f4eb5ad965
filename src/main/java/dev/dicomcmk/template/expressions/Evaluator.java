package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates a parsed expression against a context. In LENIENT mode anything the context cannot
 * know (and any unsupported function) becomes an {@link Unresolved} marker; a marker reaching a
 * function or an accessor makes that whole value unresolved, so the final value always says
 * which sub-expression could not be determined and why.
 */
final class Evaluator {
    private final String source;
    private final EvaluationContext context;

    Evaluator(String source, EvaluationContext context) {
        this.source = source;
        this.context = context;
    }

    JsonNode evaluate(Expr expr) {
        if (expr instanceof Expr.StringLiteral s) {
            return StringFunctions.text(s.value());
        }
        if (expr instanceof Expr.IntegerLiteral i) {
            return ArmValues.integer(i.value());
        }
        if (expr instanceof Expr.FunctionCall f) {
            return call(f);
        }
        if (expr instanceof Expr.PropertyAccess p) {
            return property(p);
        }
        return index((Expr.IndexAccess) expr);
    }

    private JsonNode call(Expr.FunctionCall f) {
        if (f.name().equalsIgnoreCase("if")) {
            return conditional(f);
        }
        ArmFunction function = FunctionTable.lookup(f.name());
        if (function == null) {
            throw new ExpressionException("cannot evaluate " + Quote.of(source) + ": '" + f.name()
                    + "' is not a template function", f.position());
        }
        List<JsonNode> args = new ArrayList<>(f.arguments().size());
        for (Expr argument : f.arguments()) {
            JsonNode value = evaluate(argument);
            if (value instanceof UnresolvedNode) {
                return value;
            }
            args.add(value);
        }
        try {
            return function.apply(new Call(f, args, source, context));
        } catch (UndeterminedValueException | UnsupportedExpressionException e) {
            if (context.mode() == EvaluationContext.Mode.LENIENT) {
                return new UnresolvedNode(new Unresolved(f.render(), e.getMessage()));
            }
            throw quotingSource(e);
        } catch (ExpressionException e) {
            throw quotingSource(e);
        }
    }

    /** if() evaluates only the branch it takes, as ARM does, so the other may reference what does not exist. */
    private JsonNode conditional(Expr.FunctionCall f) {
        if (f.arguments().size() != 3) {
            throw new ExpressionException("cannot evaluate " + Quote.of(source) + ": function 'if' expects 3 arguments, got "
                    + f.arguments().size(), f.position());
        }
        JsonNode condition = evaluate(f.arguments().get(0));
        if (condition instanceof UnresolvedNode) {
            return condition;
        }
        if (!condition.isBoolean()) {
            throw new ExpressionException("cannot evaluate " + Quote.of(source) + ": function 'if' expects argument 1 to be a bool, got "
                    + ArmValues.typeName(condition), f.position());
        }
        return evaluate(f.arguments().get(condition.booleanValue() ? 1 : 2));
    }

    private JsonNode property(Expr.PropertyAccess p) {
        JsonNode target = evaluate(p.target());
        if (target instanceof UnresolvedNode) {
            return target;
        }
        return member(target, p.property(), p);
    }

    private JsonNode index(Expr.IndexAccess i) {
        JsonNode target = evaluate(i.target());
        if (target instanceof UnresolvedNode) {
            return target;
        }
        JsonNode index = evaluate(i.index());
        if (index instanceof UnresolvedNode) {
            return index;
        }
        if (index.isTextual()) {
            return member(target, index.textValue(), i);
        }
        if (!index.isIntegralNumber()) {
            throw accessError(i, "an index must be an integer or a string, got " + ArmValues.typeName(index));
        }
        if (!target.isArray()) {
            throw accessError(i, "cannot index " + ArmValues.typeName(target) + " with an integer");
        }
        long n = index.longValue();
        if (n < 0 || n >= target.size()) {
            throw accessError(i, "index " + n + " is outside the array (length " + target.size() + ")");
        }
        return target.get((int) n);
    }

    private JsonNode member(JsonNode target, String name, Expr at) {
        if (!target.isObject()) {
            throw accessError(at, "cannot read property '" + name + "' of " + ArmValues.typeName(target));
        }
        JsonNode value = ArmValues.property(target, name);
        if (value == null) {
            throw accessError(at, "property '" + name + "' does not exist; available: " + fieldNames(target));
        }
        return value;
    }

    private ExpressionException accessError(Expr at, String problem) {
        return new ExpressionException("cannot evaluate " + Quote.of(source) + " at position " + at.position() + ": " + problem,
                at.position());
    }

    /** Errors raised by a context or a function without the expression get it prefixed, keeping their type. */
    private ExpressionException quotingSource(ExpressionException e) {
        if (e.getMessage() != null && e.getMessage().contains(Quote.of(source))) {
            return e;
        }
        String message = "cannot evaluate " + Quote.of(source) + ": " + e.getMessage();
        if (e instanceof UnsupportedExpressionException u) {
            return new UnsupportedExpressionException(u.function(), message);
        }
        if (e instanceof UndeterminedValueException) {
            return new UndeterminedValueException(message);
        }
        return new ExpressionException(message, e.position(), e);
    }

    private static String fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    static Optional<Unresolved> unresolved(JsonNode node) {
        return node instanceof UnresolvedNode u ? Optional.of(u.unresolved()) : Optional.empty();
    }
}
