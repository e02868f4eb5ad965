package dev.dicomcmk.sandbox.arm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.dicomcmk.sandbox.arm.ArmException;

/**
 * The body of a deployment PUT or what-if POST, checked the way ARM checks it before anything runs.
 * Only inline Incremental deployments are simulated: Complete mode would delete every resource of
 * the group the template does not list (dicom-cmk never asks for that), and linked templates or
 * parameter files would need fetching from the internet.
 */
public record DeploymentRequest(String mode, JsonNode template, JsonNode parameters, boolean resourceIdOnly) {

    public static DeploymentRequest parse(JsonNode body) {
        JsonNode p = body == null ? null : body.path("properties");
        if (p == null || !p.isObject()) {
            throw invalid("The request content was invalid: 'properties' with 'mode' and 'template' is required.");
        }
        String mode = p.path("mode").asText("");
        if (mode.equalsIgnoreCase("Complete")) {
            throw new ArmException(400, "InvalidDeploymentMode", "The sandbox simulates only 'Incremental' deployments."
                    + " Mode 'Complete' deletes every resource of the resource group that the template does not list;"
                    + " dicom-cmk never deploys that way.");
        }
        if (!mode.equalsIgnoreCase("Incremental")) {
            throw invalid("The request content was invalid: properties.mode must be 'Incremental' or 'Complete', got '" + mode + "'.");
        }
        if (p.has("templateLink") || p.has("parametersLink")) {
            throw invalid("The sandbox cannot fetch templateLink or parametersLink; send the template and parameters inline.");
        }
        JsonNode template = p.path("template");
        if (!template.isObject()) {
            throw invalid("The request content was invalid: properties.template (an object) is required.");
        }
        JsonNode parameters = p.has("parameters") ? p.get("parameters") : NullNode.getInstance();
        boolean idOnly = p.path("whatIfSettings").path("resultFormat").asText("").equalsIgnoreCase("ResourceIdOnly");
        return new DeploymentRequest("Incremental", template, parameters, idOnly);
    }

    private static ArmException invalid(String message) {
        return new ArmException(400, "InvalidRequestContent", message);
    }
}
