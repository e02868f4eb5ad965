package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The JSON stand-in for an {@link Unresolved} value. It is a text node so that it serialises as
 * the readable "could not determine: ..." sentence wherever it ends up in a tree, and a distinct
 * class so that {@link ArmExpressions#unresolved} recognises it without guessing from text.
 */
final class UnresolvedNode extends TextNode {
    private static final long serialVersionUID = 1L;
    private final transient Unresolved unresolved;

    UnresolvedNode(Unresolved unresolved) {
        super(unresolved.describe());
        this.unresolved = unresolved;
    }

    Unresolved unresolved() {
        return unresolved;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnresolvedNode other && other.unresolved.equals(unresolved);
    }

    @Override
    public int hashCode() {
        return unresolved.hashCode();
    }
}
