package dev.dicomcmk.azure;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.resources.fluent.DeploymentsClient;
import com.azure.resourcemanager.resources.fluent.models.DeploymentInner;
import com.azure.resourcemanager.resources.fluent.models.WhatIfOperationResultInner;
import com.azure.resourcemanager.resources.models.DeploymentMode;
import com.azure.resourcemanager.resources.models.DeploymentParameter;
import com.azure.resourcemanager.resources.models.DeploymentProperties;
import com.azure.resourcemanager.resources.models.DeploymentWhatIf;
import com.azure.resourcemanager.resources.models.DeploymentWhatIfProperties;
import com.azure.resourcemanager.resources.models.DeploymentWhatIfSettings;
import com.azure.resourcemanager.resources.models.WhatIfResultFormat;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resource-group deployments: what-if and Incremental deploy of a template with its parameters, written through
 * the typed deployments client (azure-resourcemanager-resources, on the run's ARM pipeline: {@link TypedArm});
 * the reads (a deployment by name, the resource group's list) stay raw and checked ({@link ArmClient}).
 * Deployments carry a caller-chosen deterministic name, so a retried deploy is the same deployment.
 */
public final class DeploymentClient {

    /**
     * The api-version of this client's reads, and of the nested deployments a fleet's what-if holds; the typed
     * writes send their module's own ({@link #SDK_API_VERSION}).
     */
    public static final String API_VERSION = "2024-03-01";
    /** What azure-resourcemanager-resources 2.53.5 sends for deployments and what-if (WIRE.md: newest stable). */
    static final String SDK_API_VERSION = "2025-04-01";

    private final AzureSession session;

    public DeploymentClient(AzureSession session) {
        this.session = session;
    }

    /** Deploys in Incremental mode and waits; the final deployment resource (provisioningState, outputs). */
    public JsonNode deploy(String subscriptionId, String resourceGroup, String name, JsonNode template,
                           JsonNode parameters, LroProgress progress) {
        String operation = "deploy " + name + " to " + resourceGroup;
        DeploymentInner deployment = new DeploymentInner().withProperties(new DeploymentProperties()
                .withMode(DeploymentMode.INCREMENTAL).withTemplate(untyped(template)).withParameters(parameters(parameters)));
        TypedArm typed = session.typedArm();
        typed.await(operation, () -> deployments(typed, subscriptionId)
                .beginCreateOrUpdate(resourceGroup, name, deployment, TypedArm.POLLING), progress);
        // read back raw: the answer is taken only when it is that deployment (Expected)
        return session.arm().getResource(path(subscriptionId, resourceGroup, name), API_VERSION,
                ResourceTypes.DEPLOYMENT, "read deployment " + name);
    }

    /** The deployment as ARM has it now, or null when there is none of that name. */
    public JsonNode find(String subscriptionId, String resourceGroup, String name) {
        try {
            return session.arm().getResource(path(subscriptionId, resourceGroup, name), API_VERSION,
                    ResourceTypes.DEPLOYMENT, "read deployment " + name);
        } catch (AzureFailure f) {
            if (f.kind() == AzureFailure.Kind.NOT_FOUND) {
                return null;
            }
            throw f;
        }
    }

    /** Every deployment ARM keeps for the resource group (its history: up to 800, by anyone), as ARM lists them. */
    public java.util.List<JsonNode> list(String subscriptionId, String resourceGroup) {
        return session.arm().list("/subscriptions/" + subscriptionId + "/resourcegroups/" + resourceGroup
                + "/providers/Microsoft.Resources/deployments", API_VERSION, "list deployments of " + resourceGroup);
    }

    /**
     * ARM's what-if for the same deployment: the list of changes it would make, as ARM's JSON
     * (WhatIfOperationResult) for the application layer, which knows no SDK type.
     */
    public JsonNode whatIf(String subscriptionId, String resourceGroup, String name, JsonNode template,
                           JsonNode parameters, LroProgress progress) {
        String operation = "what-if of " + name + " in " + resourceGroup;
        DeploymentWhatIf whatIf = new DeploymentWhatIf().withProperties(new DeploymentWhatIfProperties()
                .withMode(DeploymentMode.INCREMENTAL).withTemplate(untyped(template)).withParameters(parameters(parameters))
                .withWhatIfSettings(new DeploymentWhatIfSettings().withResultFormat(WhatIfResultFormat.FULL_RESOURCE_PAYLOADS)));
        TypedArm typed = session.typedArm();
        WhatIfOperationResultInner result = typed.await(operation, () -> deployments(typed, subscriptionId)
                .beginWhatIf(resourceGroup, name, whatIf, TypedArm.POLLING), progress);
        if (result == null) {
            throw new AzureFailure(AzureFailure.Kind.UNREADABLE, operation, 0, "UnreadableAnswer",
                    "ARM ended the what-if without a result", null);
        }
        requireSucceeded(result, operation);
        return typed.call(operation, () -> {
            try {
                return Json.parse(result.toJsonString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A what-if that ARM could not compute still ends its Location polling with 200, its failure in
     * the body ({"status": "Failed", "error": {...}}): without this check it would read as a what-if
     * with no changes.
     */
    static void requireSucceeded(WhatIfOperationResultInner result, String operation) {
        String status = result.status();
        if (status == null || "Succeeded".equalsIgnoreCase(status)) {
            return;
        }
        var error = result.error();
        String code = error == null ? null : error.getCode();
        String message = error == null ? null : AzureErrors.clean(error.getMessage());
        throw new AzureFailure(AzureFailure.Kind.FAILED, operation, 0, code == null ? status : code,
                message != null ? message : "ARM ended the what-if " + status + " without saying why", null);
    }

    private static DeploymentsClient deployments(TypedArm typed, String subscriptionId) {
        return typed.resources(subscriptionId).deploymentClient().getDeployments();
    }

    private static String path(String subscriptionId, String resourceGroup, String name) {
        return "/subscriptions/" + subscriptionId + "/resourcegroups/" + resourceGroup
                + "/providers/Microsoft.Resources/deployments/" + name;
    }

    /** The template as the typed model carries it: plain maps, lists and values, written out as they came. */
    private static Object untyped(JsonNode template) {
        return Json.MAPPER.convertValue(template, Object.class);
    }

    /** Parameters from a parameters file's "parameters" member (or the member's content itself), each as ARM reads it. */
    private static Map<String, DeploymentParameter> parameters(JsonNode parameters) {
        JsonNode values = parameters.has("parameters") ? parameters.get("parameters") : parameters;
        Map<String, DeploymentParameter> typed = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> {
            try (JsonReader reader = JsonProviders.createReader(e.getValue().toString())) {
                typed.put(e.getKey(), DeploymentParameter.fromJson(reader));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        return typed;
    }
}
