package dev.dicomcmk.model;

/**
 * One managed identity of the service, as far as it could be resolved.
 *
 * @param resourceId  the user-assigned identity's ARM id, null for the system-assigned one
 * @param principalId the object id role assignments and access policies name
 * @param exists      false when a user-assigned identity's resource is gone
 * @param note        why the identity could not be fully resolved, or null
 */
public record IdentityFacts(Kind kind, String resourceId, String principalId, String tenantId, boolean exists,
                            String note) {

    public enum Kind { SYSTEM_ASSIGNED, USER_ASSIGNED }

    public String label() {
        if (kind == Kind.SYSTEM_ASSIGNED) {
            return "system-assigned identity " + principalId;
        }
        String name = resourceId == null ? "?" : resourceId.substring(resourceId.lastIndexOf('/') + 1);
        return "user-assigned identity " + name + (principalId == null ? "" : " (" + principalId + ")");
    }
}
