package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.IdentityFacts;
import dev.dicomcmk.model.ServiceFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves the service's identities: the system-assigned one from the service itself, each
 * user-assigned one from its own resource (which tells whether it still exists and whether it
 * was re-created under a new principal since the service last saw it).
 */
public final class IdentityReader {

    private final ArmClient arm;

    public IdentityReader(ArmClient arm) {
        this.arm = arm;
    }

    public List<IdentityFacts> read(ServiceFacts service) {
        List<IdentityFacts> out = new ArrayList<>();
        if (service.hasSystemIdentity()) {
            out.add(new IdentityFacts(IdentityFacts.Kind.SYSTEM_ASSIGNED, null, service.systemPrincipalId(),
                    service.systemTenantId(), IdentityFacts.Presence.PRESENT, null));
        }
        for (Map.Entry<String, ServiceFacts.UserAssignedRef> e : service.userAssigned().entrySet()) {
            out.add(userAssigned(e.getKey(), e.getValue()));
        }
        return out;
    }

    /**
     * The service as a deployment of identity type and user-assigned identities would leave it:
     * a redeploy makes the service pick up each user-assigned identity's current principal (so a
     * re-created identity is seen as it is now); a system identity keeps its principal, and one
     * turned on by the deployment has none yet.
     */
    public ServiceFacts asDeployed(ServiceFacts current, String identityType, List<String> userAssigned) {
        Map<String, ServiceFacts.UserAssignedRef> refs = new java.util.LinkedHashMap<>();
        for (String id : userAssigned) {
            refs.put(id, current(id));
        }
        boolean system = identityType != null && identityType.toLowerCase(java.util.Locale.ROOT).contains("systemassigned");
        return new ServiceFacts(current.id(), current.location(), current.provisioningState(), current.etag(),
                current.serviceUrl(), identityType, system ? current.systemPrincipalId() : null,
                system ? current.systemTenantId() : null, refs, current.keyUrl());
    }

    /** A user-assigned identity's principal and client id as its own resource has them now. */
    public ServiceFacts.UserAssignedRef current(String userAssignedId) {
        String name = userAssignedId.substring(userAssignedId.lastIndexOf('/') + 1);
        JsonNode body = arm.getResource(userAssignedId, ApiVersions.MANAGED_IDENTITY,
                ResourceTypes.USER_ASSIGNED_IDENTITY, "read user-assigned identity " + name);
        return new ServiceFacts.UserAssignedRef(Json.text(body, "properties", "principalId"),
                Json.text(body, "properties", "clientId"));
    }

    private IdentityFacts userAssigned(String id, ServiceFacts.UserAssignedRef onService) {
        String name = id.substring(id.lastIndexOf('/') + 1);
        JsonNode body;
        try {
            body = arm.getResource(id, ApiVersions.MANAGED_IDENTITY, ResourceTypes.USER_ASSIGNED_IDENTITY,
                    "read user-assigned identity " + name);
        } catch (AzureFailure f) {
            if (f.kind() == AzureFailure.Kind.NOT_FOUND) {
                return new IdentityFacts(IdentityFacts.Kind.USER_ASSIGNED, id, onService.principalId(), null, IdentityFacts.Presence.DELETED,
                        "the identity resource no longer exists");
            }
            if (f.kind() == AzureFailure.Kind.FORBIDDEN) {
                // cannot confirm it exists; trust what the service reports
                return new IdentityFacts(IdentityFacts.Kind.USER_ASSIGNED, id, onService.principalId(), null, IdentityFacts.Presence.PRESENT,
                        null);
            }
            throw f;
        }
        String principal = Json.text(body, "properties", "principalId");
        String tenant = Json.text(body, "properties", "tenantId");
        if (onService.principalId() != null && principal != null && !principal.equalsIgnoreCase(onService.principalId())) {
            return new IdentityFacts(IdentityFacts.Kind.USER_ASSIGNED, id, onService.principalId(), tenant, IdentityFacts.Presence.RECREATED,
                    "re-created under principal " + principal + "; the service still holds " + onService.principalId()
                            + " and must be updated by an ARM deployment");
        }
        return new IdentityFacts(IdentityFacts.Kind.USER_ASSIGNED, id, principal != null ? principal
                : onService.principalId(), tenant, IdentityFacts.Presence.PRESENT, null);
    }
}
