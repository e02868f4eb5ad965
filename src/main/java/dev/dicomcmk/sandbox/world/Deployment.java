package dev.dicomcmk.sandbox.world;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A resource-group deployment (Microsoft.Resources/deployments) and what applying it did. */
public final class Deployment {
    public String name;
    public String resourceGroup;
    public String mode;
    /** Parameters as DeploymentExtended echoes them: {"p":{"type":"String","value":…}}. */
    public JsonNode parameters;
    public String templateHash;
    public String correlationId;
    /** Accepted, Running, Succeeded or Failed (Running until its operation status is polled to the end). */
    public String provisioningState;
    public long timestamp;
    public long startedAt;
    public JsonNode outputs;
    public List<String> outputResources = new ArrayList<>();
    /** The DeploymentFailed error (with details) when a resource failed. */
    public JsonNode error;
    public List<DeploymentOperation> operations = new ArrayList<>();
    public JsonNode providers;
    public JsonNode dependencies;
    public String operationId;

    public String id(String subscriptionId) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Resources/deployments/" + name;
    }
}
