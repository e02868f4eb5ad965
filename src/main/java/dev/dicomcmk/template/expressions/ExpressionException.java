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
        super(message, cause);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
