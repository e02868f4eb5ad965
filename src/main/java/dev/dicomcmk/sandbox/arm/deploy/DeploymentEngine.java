package dev.dicomcmk.sandbox.arm.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.arm.ArmException;
import dev.dicomcmk.sandbox.arm.DeployableResources;
import dev.dicomcmk.sandbox.world.DeploymentOperation;
import dev.dicomcmk.sandbox.world.WorldState;
import dev.dicomcmk.template.expressions.DeploymentScope;
import dev.dicomcmk.template.expressions.EvaluationContext;
import dev.dicomcmk.template.expressions.ExpressionException;
import dev.dicomcmk.template.expressions.UnsupportedExpressionException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Deploys and previews templates. Both start with a preflight on a copy of the world: the template
 * is resolved STRICTLY and applied to the copy, so a template ARM would refuse (an expression that
 * does not evaluate, a function the evaluator does not implement, a resource type the sandbox does
 * not simulate) is refused with a 400 before anything real changes. A deployment then runs again
 * on the real world; a what-if compares each resource on the copy with the original.
 */
public final class DeploymentEngine {

    /** What a deployment did, in the terms DeploymentExtended reports. */
    public record Result(List<TemplateResource> resources, List<DeploymentOperation> operations, JsonNode error,
                         ObjectNode parameters, ObjectNode outputs) {
    }

    private DeploymentEngine() {
    }

    public static Result deploy(WorldState w, long now, DeploymentRequest request, String rg, String rgLocation,
                                String name, String deploymentId) {
        preflight(w, now, request, rg, rgLocation, name);
        TemplateRun run = new TemplateRun(w, now, DeployableResources.Mode.APPLY);
        JsonNode error;
        try {
            run.run(request, rg, rgLocation, name);
            error = run.error(deploymentId);
        } catch (ExpressionException e) {
            // found only after earlier resources were written (a reference() to one that failed): the deployment fails
            error = failed(deploymentId, run.error(deploymentId), invalidTemplate(e));
        }
        DeploymentScope scope = scope(w, rg, rgLocation, name, run);
        EchoedValues.Values values;
        try {
            values = EchoedValues.of(request, scope, error == null);
        } catch (ExpressionException e) {
            error = failed(deploymentId, error, Json.obj().put("code", "DeploymentOutputEvaluationFailed")
                    .put("message", "Unable to evaluate template outputs: " + e.getMessage()));
            values = EchoedValues.of(request, scope, false);
        }
        return new Result(run.resources, run.operations, error, values.parameters(), error == null ? values.outputs() : null);
    }

    /** The what-if changes (WhatIfChange list) of a deployment, computed on a copy of the world. */
    public static ArrayNode whatIf(WorldState w, long now, DeploymentRequest request, String rg, String rgLocation, String name) {
        WorldState copy = copy(w);
        TemplateRun run = preview(copy, now, request, rg, rgLocation, name);
        if (!run.failed.isEmpty()) {
            JsonNode error = run.error("/subscriptions/" + w.subscriptionOf(rg) + "/resourceGroups/" + rg
                    + "/providers/Microsoft.Resources/deployments/" + name);
            throw new ArmException(400, "InvalidTemplateDeployment", "The template deployment '" + name
                    + "' is not valid: " + Json.text(error.path("details")));
        }
        ArrayNode changes = Json.arr();
        for (TemplateResource r : run.resources) {
            if (!DeployableResources.supports(r.type())) {
                continue; // inline nested deployments: their resources are listed themselves
            }
            Optional<ObjectNode> before = DeployableResources.writableView(w, r);
            ObjectNode after = DeployableResources.writableView(copy, r).orElseThrow();
            ObjectNode change = Json.obj().put("resourceId", after.path("id").asText(r.id()));
            if (before.isEmpty()) {
                change.put("changeType", "Create");
                if (!request.resourceIdOnly()) {
                    change.set("after", after);
                }
            } else if (before.get().equals(after)) {
                change.put("changeType", "NoChange");
                if (!request.resourceIdOnly()) {
                    change.set("before", before.get());
                    change.set("after", after);
                }
            } else {
                change.put("changeType", "Modify");
                if (!request.resourceIdOnly()) {
                    change.set("before", before.get());
                    change.set("after", after);
                    change.set("delta", WhatIfDelta.between(before.get(), after));
                }
            }
            changes.add(change);
        }
        return changes;
    }

    /** A decimal hash of the template, as DeploymentExtended's templateHash looks. */
    public static String templateHash(JsonNode template) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Json.text(template).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return Long.toUnsignedString(v);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void preflight(WorldState w, long now, DeploymentRequest request, String rg, String rgLocation, String name) {
        preview(copy(w), now, request, rg, rgLocation, name);
    }

    private static TemplateRun preview(WorldState copy, long now, DeploymentRequest request, String rg, String rgLocation,
                                       String name) {
        TemplateRun run = new TemplateRun(copy, now, DeployableResources.Mode.PREVIEW);
        try {
            run.run(request, rg, rgLocation, name);
        } catch (ExpressionException e) {
            if (run.failed.isEmpty()) {
                throw new ArmException(400, "InvalidTemplate", invalidTemplate(e).path("message").asText());
            }
        }
        return run;
    }

    /** ARM's InvalidTemplate error; an unsupported function is named, never guessed at. */
    private static ObjectNode invalidTemplate(ExpressionException e) {
        String message = e instanceof UnsupportedExpressionException u
                ? "Deployment template validation failed: 'The template function or feature '" + u.function()
                        + "' is not supported by the sandbox's template evaluator: " + u.getMessage() + "'."
                : "Deployment template validation failed: '" + e.getMessage() + "'.";
        return Json.obj().put("code", "InvalidTemplate").put("message", message);
    }

    private static JsonNode failed(String deploymentId, JsonNode existing, ObjectNode detail) {
        ObjectNode e = existing != null ? (ObjectNode) existing : Json.obj().put("code", "DeploymentFailed")
                .put("target", deploymentId).put("message", "At least one resource deployment operation failed. Please list"
                        + " deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.");
        ArrayNode details = e.has("details") ? (ArrayNode) e.get("details") : Json.arr();
        details.add(detail.set("details", Json.arr()));
        e.set("details", details);
        return e;
    }

    private static DeploymentScope scope(WorldState w, String rg, String rgLocation, String name, TemplateRun run) {
        return new DeploymentScope(w.subscriptionOf(rg), w.tenantId, rg, rgLocation, name, EvaluationContext.Mode.STRICT,
                run.references());
    }

    private static WorldState copy(WorldState w) {
        try {
            return Json.MAPPER.treeToValue(Json.MAPPER.valueToTree(w), WorldState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the sandbox world could not be copied", e);
        }
    }
}
