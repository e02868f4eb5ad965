package dev.dicomcmk.template.expressions;

/**
 * A value that exists at deployment time but is not known where we evaluate: a parameter with
 * neither value nor default, a reference() to a resource the context does not know. In LENIENT
 * mode it becomes an {@link Unresolved} marker; in STRICT mode it is an error like any other.
 */
public class UndeterminedValueException extends ExpressionException {
    private static final long serialVersionUID = 1L;

    public UndeterminedValueException(String message) {
        super(message);
    }
}
