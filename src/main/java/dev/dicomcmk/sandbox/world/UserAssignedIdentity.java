package dev.dicomcmk.sandbox.world;

import java.util.LinkedHashMap;
import java.util.Map;

public final class UserAssignedIdentity {
    public String name;
    public String resourceGroup;
    public String location;
    public String principalId;
    public String clientId;
    public String tenantId;
    public Map<String, String> tags = new LinkedHashMap<>();
    public long createdAt;

    /** The MSI resource provider answers with lower-case "resourcegroups" in ids (see IdentityGet.json). */
    public String id(String subscriptionId) {
        return "/subscriptions/" + subscriptionId + "/resourcegroups/" + resourceGroup
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + name;
    }
}
