package dev.dicomcmk.diagnosis;

/**
 * The causes the runbook knows, in rank order: what has to be fixed first comes first (without an
 * identity no role helps; a deleted key must be recovered before it can be enabled). IDs are a
 * public contract (JSON output, tickets): never rename one.
 */
public enum CauseKind {
    NO_IDENTITY("NO-IDENTITY", "The service has no managed identity", true),
    USER_IDENTITY_DELETED("USER-IDENTITY-DELETED", "The service's user-assigned identity was deleted", true),
    USER_IDENTITY_RECREATED("USER-IDENTITY-RECREATED",
            "The user-assigned identity was re-created under a new principal", true),
    IDENTITY_OTHER_TENANT("IDENTITY-OTHER-TENANT", "The service's identity belongs to another tenant", true),
    VAULT_OTHER_TENANT("VAULT-OTHER-TENANT", "The key vault is in another tenant than the service", true),
    FIREWALL_NO_BYPASS("FIREWALL-NO-BYPASS", "The vault's firewall keeps the DICOM service out", true),
    KEY_DELETED("KEY-DELETED", "The key was deleted (it can be recovered)", true),
    KEY_MISSING("KEY-MISSING", "The key version the service uses does not exist", true),
    KEY_DISABLED("KEY-DISABLED", "The key version is disabled", true),
    KEY_EXPIRED("KEY-EXPIRED", "The key version expired", true),
    KEY_NOT_YET_VALID("KEY-NOT-YET-VALID", "The key version is not valid yet", true),
    KEY_OPS_MISSING("KEY-OPS-MISSING", "The key does not permit wrapKey and unwrapKey", true),
    KEY_ACCESS_MISSING("KEY-ACCESS-MISSING", "The service's identity may not use the key", true),
    NEEDS_REDEPLOY("NEEDS-REDEPLOY", "Key access looks restored, but the outage lasted more than 30 minutes", true),
    RECOVERING("RECOVERING", "Key access looks restored; the service is coming back", true),
    UNEXPLAINED_OUTAGE("UNEXPLAINED-OUTAGE", "The service is unavailable and no cause was found in what could be read",
            true),
    /** A failing requirement that does not stop the service today (e.g. purge protection off). */
    REQUIREMENT_FAILED("REQUIREMENT-FAILED", "A CMK requirement fails", false);

    private final String id;
    private final String title;
    private final boolean breaksAccess;

    CauseKind(String id, String title, boolean breaksAccess) {
        this.id = id;
        this.title = title;
        this.breaksAccess = breaksAccess;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** True when this cause alone keeps the service from its key (its API answers 500). */
    public boolean breaksAccess() {
        return breaksAccess;
    }
}
