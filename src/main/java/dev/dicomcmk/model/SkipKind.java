package dev.dicomcmk.model;

/**
 * Why a fact is unknown, and so what kind of SKIP it makes. Only {@link #UNREADABLE} means a read
 * failed: {@code --strict} fails on it, so a pipeline never passes on a key it could not read.
 */
public enum SkipKind {
    /** we could not read it: no permission, a firewall, an error, an answer that was not what was asked for */
    UNREADABLE("unreadable"),
    /** the requirement does not apply here (MHSM-PRIVATE-UAMI for a Key Vault key, no service given) */
    NOT_APPLICABLE("not-applicable"),
    /** only a deployment decides it: not determinable from a template or plan */
    OFFLINE("offline");

    private final String label;

    SkipKind(String label) {
        this.label = label;
    }

    /** The name in reports and JSON ({@code skipKind}). */
    public String label() {
        return label;
    }
}
