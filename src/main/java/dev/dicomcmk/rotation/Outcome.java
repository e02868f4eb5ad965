package dev.dicomcmk.rotation;

/** How one service's rotation ended, worst last (a fleet's exit code is its worst outcome's). */
public enum Outcome {
    SUCCEEDED("succeeded"),
    RESUMED("succeeded (resumed)"),
    UP_TO_DATE("up-to-date"),
    NOT_DUE("not-due"),
    DRY_RUN("dry-run"),
    REFUSED("refused"),
    /** a service still on a key version Key Vault says is near its expiry or expired (--from-event) */
    PINNED("pinned"),
    FAILED("failed"),
    /** the deployment was still running when --timeout ran out: it goes on in Azure, the outcome is not known yet */
    PENDING("pending"),
    CONFLICT("conflict"),
    ROLLED_BACK("rolled-back"),
    LOCKED("locked");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
