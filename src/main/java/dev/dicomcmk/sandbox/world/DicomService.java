package dev.dicomcmk.sandbox.world;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DICOM service (workspaces/dicomservices) and the sandbox's record of its key access
 * (when it broke, when it came back) that drives its DICOM API and Resource Health.
 */
public final class DicomService {
    public String name;
    public String workspace;
    public String resourceGroup;
    public String location;
    public Map<String, String> tags = new LinkedHashMap<>();
    /** None, SystemAssigned, UserAssigned or "SystemAssigned,UserAssigned". */
    public String identityType = "None";
    public String principalId;
    public String identityTenantId;
    /** ARM ids of the attached user-assigned identities, as stored. */
    public List<String> userAssignedIdentities = new ArrayList<>();
    public String keyEncryptionKeyUrl;
    public String provisioningState = "Succeeded";
    public String publicNetworkAccess = "Enabled";
    public String eventState = "Disabled";
    public boolean enableDataPartitions;
    /** Writable configuration blocks kept as sent (null = absent: a PUT that omits them drops them). */
    public JsonNode corsConfiguration;
    public JsonNode storageConfiguration;
    public String etag;
    public long createdAt;
    public long lastModifiedAt;
    /** Sandbox-internal health bookkeeping (Unix seconds; null = not applicable). */
    public Long accessLostAt;
    public String accessProblem;
    public Long accessRestoredAt;
    /** After an outage longer than 30 minutes only a redeploy brings the service back. */
    public boolean needsRedeploy;

    public String id(String subscriptionId) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.HealthcareApis/workspaces/" + workspace + "/dicomservices/" + name;
    }

    public String host(String dnsZone) {
        return (workspace + "-" + name).toLowerCase(java.util.Locale.ROOT) + ".dicom." + dnsZone;
    }

    public boolean hasSystemIdentity() {
        return identityType != null && identityType.toLowerCase(java.util.Locale.ROOT).contains("systemassigned");
    }

    /**
     * What a PUT (an ARM redeploy) does to the key-access bookkeeping: the RP re-validates the key
     * now, so an outage that needed a redeploy is over (if access is still broken, the next
     * evaluation records a new outage from now).
     */
    public void revalidateKeyAccess() {
        needsRedeploy = false;
        accessLostAt = null;
        accessRestoredAt = null;
        accessProblem = null;
    }

    public boolean hasUserIdentities() {
        return identityType != null && identityType.toLowerCase(java.util.Locale.ROOT).contains("userassigned");
    }
}
