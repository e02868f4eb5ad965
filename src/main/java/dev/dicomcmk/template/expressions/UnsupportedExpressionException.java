package dev.dicomcmk.template.expressions;

/**
 * A template function this evaluator deliberately does not implement (listKeys, pickZones,
 * user-defined functions, ...). It names the function instead of guessing a value: a guessed
 * value would make an offline check say something about a template that Azure would not.
 */
public class UnsupportedExpressionException extends ExpressionException {
    private static final long serialVersionUID = 1L;
    private final String function;

    public UnsupportedExpressionException(String function, String message) {
        super(message);
        this.function = function;
    }

    /** The function name as written in the template. */
    public String function() {
        return function;
    }
}
