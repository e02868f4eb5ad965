package dev.dicomcmk.model;

/**
 * One managed identity of the service, as far as it could be resolved.
 *
 * @param resourceId  the user-assigned identity's ARM id, null for the system-assigned one
 * @param principalId the object id role assignments and access policies name
 * @param presence    whether the identity the service holds still exists as the service knows it
 * @param note        why the identity could not be fully resolved, or null
 */
public record IdentityFacts(Kind kind, String resourceId, String principalId, String tenantId, Presence presence,
                            String note) {

    public enum Kind { SYSTEM_ASSIGNED, USER_ASSIGNED }

    /**
     * A deleted identity and a re-created one both leave the service without key access, but they
     * are fixed differently: a re-created one only needs the service updated to its new principal.
     */
    public enum Presence {
        /** the identity exists with the principal the service holds (or could not be checked) */
        PRESENT,
        /** the user-assigned identity's resource is gone */
        DELETED,
        /** a user-assigned identity of that name exists again under a new principal the service does not hold */
        RECREATED
    }

    /** Whether the principal the service holds is still a live identity. */
    public boolean exists() {
        return presence == Presence.PRESENT;
    }

    public String label() {
        if (kind == Kind.SYSTEM_ASSIGNED) {
            return "system-assigned identity " + principalId;
        }
        String name = resourceId == null ? "?" : resourceId.substring(resourceId.lastIndexOf('/') + 1);
        return "user-assigned identity " + name + (principalId == null ? "" : " (" + principalId + ")");
    }
}
