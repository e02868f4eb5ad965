package dev.dicomcmk.model;

/**
 * A failed write as the write-ahead journal records it, whatever door it went through: whether it may still have
 * taken effect (no answer, a server error: the journal leaves it pending) and the one line that says what failed.
 */
public interface WriteFailure {

    /** Whether the write may still have taken effect: its answer was lost. */
    boolean outcomeUnknown();

    /** One line: what failed, and why. */
    String oneLine();
}
