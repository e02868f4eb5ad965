package dev.dicomcmk.template.expressions;

/**
 * What an analysis (LENIENT mode) could not determine: the sub-expression, in ARM syntax, and why.
 */
public record Unresolved(String expression, String reason) {

    /** The human text carried by the marker node, e.g. "could not determine: listKeys(...) (not supported)". */
    public String describe() {
        return "could not determine: " + expression + " (" + reason + ")";
    }
}
