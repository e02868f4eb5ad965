package dev.dicomcmk.template.expressions;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed ARM template language expression (the text between the outer brackets). Every node
 * knows its position in the original string, for error messages, and renders itself back to
 * canonical ARM syntax, so a finding can quote exactly the part that could not be evaluated.
 */
public sealed interface Expr {

    /** Zero-based offset of the node in the full "[...]" string. */
    int position();

    /** The node in ARM syntax, e.g. {@code parameters('name').id}. */
    String render();

    record StringLiteral(String value, int position) implements Expr {
        @Override
        public String render() {
            return "'" + value.replace("'", "''") + "'";
        }
    }

    record IntegerLiteral(long value, int position) implements Expr {
        @Override
        public String render() {
            return Long.toString(value);
        }
    }

    /** {@code name(args...)}; user-defined functions keep their namespace ({@code ns.fn}). */
    record FunctionCall(String name, List<Expr> arguments, int position) implements Expr {
        public FunctionCall {
            arguments = List.copyOf(arguments);
        }

        @Override
        public String render() {
            return name + arguments.stream().map(Expr::render).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    /** {@code target.name}. */
    record PropertyAccess(Expr target, String property, int position) implements Expr {
        @Override
        public String render() {
            return target.render() + "." + property;
        }
    }

    /** {@code target[index]}, where index is an integer (arrays) or a string (objects). */
    record IndexAccess(Expr target, Expr index, int position) implements Expr {
        @Override
        public String render() {
            return target.render() + "[" + index.render() + "]";
        }
    }
}
