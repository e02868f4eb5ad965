package dev.dicomcmk.sandbox.world;

import java.util.LinkedHashMap;
import java.util.Map;

public final class Workspace {
    public String name;
    public String resourceGroup;
    public String location;
    public Map<String, String> tags = new LinkedHashMap<>();
    public long createdAt;

    public Workspace() {
    }

    public Workspace(String name, String resourceGroup, String location, long createdAt) {
        this.name = name;
        this.resourceGroup = resourceGroup;
        this.location = location;
        this.createdAt = createdAt;
    }

    public String id(String subscriptionId) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.HealthcareApis/workspaces/" + name;
    }
}
