package dev.dicomcmk.identity;

/**
 * Which identity to turn on: the system-assigned one, or a user-assigned one by ARM id.
 *
 * @param userAssignedId the user-assigned identity's ARM id, or null for the system-assigned one
 */
public record IdentityRequest(String userAssignedId) {
    public static IdentityRequest systemAssigned() {
        return new IdentityRequest(null);
    }

    public boolean isSystemAssigned() {
        return userAssignedId == null;
    }
}
