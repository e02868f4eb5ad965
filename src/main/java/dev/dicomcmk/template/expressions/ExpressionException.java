package dev.dicomcmk.template.expressions;

/**
 * An expression that cannot be parsed or evaluated. The message quotes the expression and names
 * the problem; {@link #position()} is the offset in the expression string, or -1 when the
 * problem is not tied to one place.
 */
public class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int position;

    public ExpressionException(String message) {
        this(message, -1, null);
    }

    public ExpressionException(String message, int position) {
        this(message, position, null);
    }

    public ExpressionException(String message, int position, Throwable cause) {
        super(bounded(message), cause);
        this.position = position;
    }

    /**
     * Messages quote template text through {@link Quote}, but some parts (a function's name, a path)
     * come straight from the template: however long those are, the message stays one readable line.
     */
    private static String bounded(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
    }

    private static final int MAX_MESSAGE = 600;

    public int position() {
        return position;
    }
}
