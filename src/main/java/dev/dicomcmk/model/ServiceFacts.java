package dev.dicomcmk.model;

import java.util.Map;

/**
 * A DICOM service as ARM describes it.
 *
 * @param identityType   None, SystemAssigned, UserAssigned or "SystemAssigned,UserAssigned" as ARM wrote it
 * @param systemPrincipalId object id of the system-assigned identity, or null
 * @param userAssigned   user-assigned identity ARM id -> its principal and client id (values may be null)
 * @param keyUrl         properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl as stored, or null
 */
public record ServiceFacts(
        ServiceId id,
        String location,
        String provisioningState,
        String etag,
        String serviceUrl,
        String identityType,
        String systemPrincipalId,
        String systemTenantId,
        Map<String, UserAssignedRef> userAssigned,
        String keyUrl) {

    public ServiceFacts {
        userAssigned = userAssigned == null ? Map.of() : Map.copyOf(userAssigned);
    }

    /** The principal and client id ARM reports for a user-assigned identity on the service. */
    public record UserAssignedRef(String principalId, String clientId) {
    }

    public boolean hasSystemIdentity() {
        return identityType != null && identityType.toLowerCase(java.util.Locale.ROOT).contains("systemassigned")
                && systemPrincipalId != null;
    }

    public boolean hasAnyIdentity() {
        return hasSystemIdentity() || !userAssigned.isEmpty();
    }
}
