package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Resource-group deployments: what-if and Incremental deploy of a template with its parameters.
 * Deployments carry a caller-chosen deterministic name, so a retried deploy is the same deployment.
 */
public final class DeploymentClient {

    public static final String API_VERSION = "2024-03-01";

    private final ArmClient arm;

    public DeploymentClient(ArmClient arm) {
        this.arm = arm;
    }

    /** Deploys in Incremental mode and waits; the final deployment resource (provisioningState, outputs). */
    public JsonNode deploy(String subscriptionId, String resourceGroup, String name, JsonNode template,
                           JsonNode parameters, LroProgress progress) {
        String path = path(subscriptionId, resourceGroup, name);
        arm.putAndWait(path, API_VERSION, body(template, parameters, false).toString(),
                "deploy " + name + " to " + resourceGroup, progress);
        return arm.getResource(path, API_VERSION, ResourceTypes.DEPLOYMENT, "read deployment " + name);
    }

    /** The deployment as ARM has it now, or null when there is none of that name. */
    public JsonNode find(String subscriptionId, String resourceGroup, String name) {
        try {
            return arm.getResource(path(subscriptionId, resourceGroup, name), API_VERSION, ResourceTypes.DEPLOYMENT,
                    "read deployment " + name);
        } catch (AzureFailure f) {
            if (f.kind() == AzureFailure.Kind.NOT_FOUND) {
                return null;
            }
            throw f;
        }
    }

    /** Every deployment ARM keeps for the resource group (its history: up to 800, by anyone), as ARM lists them. */
    public java.util.List<JsonNode> list(String subscriptionId, String resourceGroup) {
        return arm.list("/subscriptions/" + subscriptionId + "/resourcegroups/" + resourceGroup
                + "/providers/Microsoft.Resources/deployments", API_VERSION, "list deployments of " + resourceGroup);
    }

    /** ARM's what-if for the same deployment: the list of changes it would make. */
    public JsonNode whatIf(String subscriptionId, String resourceGroup, String name, JsonNode template,
                           JsonNode parameters, LroProgress progress) {
        String operation = "what-if of " + name + " in " + resourceGroup;
        JsonNode result = arm.postAndWait(path(subscriptionId, resourceGroup, name) + "/whatIf", API_VERSION,
                body(template, parameters, true).toString(), operation, progress);
        return requireSucceeded(result, operation);
    }

    /**
     * A what-if that ARM could not compute still ends its Location polling with 200, its failure in
     * the body ({"status": "Failed", "error": {...}}, WhatIfOperationResult): without this check it
     * would read as a what-if with no changes.
     */
    static JsonNode requireSucceeded(JsonNode result, String operation) {
        String status = Json.text(result, "status");
        if (status == null || "Succeeded".equalsIgnoreCase(status)) {
            return result;
        }
        AzureFailure error = AzureErrors.fromResponse(operation, 200, result.toString());
        throw new AzureFailure(AzureFailure.Kind.FAILED, operation, 0, error.code() == null ? status : error.code(),
                error.getMessage() != null ? error.getMessage() : "ARM ended the what-if " + status
                        + " without saying why", null);
    }

    private static String path(String subscriptionId, String resourceGroup, String name) {
        return "/subscriptions/" + subscriptionId + "/resourcegroups/" + resourceGroup
                + "/providers/Microsoft.Resources/deployments/" + name;
    }

    /** The deployment body; parameters are taken from a parameters file's "parameters" member. */
    private static ObjectNode body(JsonNode template, JsonNode parameters, boolean whatIf) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode props = body.putObject("properties");
        props.put("mode", "Incremental");
        props.set("template", template);
        JsonNode values = parameters.has("parameters") ? parameters.get("parameters") : parameters;
        props.set("parameters", values);
        if (whatIf) {
            props.putObject("whatIfSettings").put("resultFormat", "FullResourcePayloads");
        }
        return body;
    }
}
