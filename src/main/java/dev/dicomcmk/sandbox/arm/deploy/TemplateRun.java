package dev.dicomcmk.sandbox.arm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.arm.ArmException;
import dev.dicomcmk.sandbox.arm.DeployableResources;
import dev.dicomcmk.sandbox.world.DeploymentOperation;
import dev.dicomcmk.sandbox.world.WorldState;
import dev.dicomcmk.template.expressions.DeploymentScope;
import dev.dicomcmk.template.expressions.EvaluationContext;
import dev.dicomcmk.template.expressions.ReferenceResolver;
import dev.dicomcmk.template.expressions.ResolvedResource;
import dev.dicomcmk.template.expressions.TemplateResolver;
import dev.dicomcmk.template.expressions.UndeterminedValueException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One pass of a template over a world: the resolver (STRICT) hands over each resource in
 * deployment order, and it is written at once, so a later reference() sees it, as in ARM. A
 * resource the provider refuses becomes a failed operation; resources that depend on it are not
 * attempted. Expression errors are not caught here: the caller decides whether they are a 400
 * (found before anything was written) or a failed deployment.
 */
final class TemplateRun {

    private final WorldState world;
    private final long now;
    private final DeployableResources.Mode mode;
    final List<TemplateResource> resources = new ArrayList<>();
    final List<DeploymentOperation> operations = new ArrayList<>();
    final List<TemplateResource> failed = new ArrayList<>();

    TemplateRun(WorldState world, long now, DeployableResources.Mode mode) {
        this.world = world;
        this.now = now;
        this.mode = mode;
    }

    void run(DeploymentRequest request, String resourceGroup, String location, String deploymentName) {
        DeploymentScope scope = new DeploymentScope(world.subscriptionOf(resourceGroup), world.tenantId, resourceGroup, location,
                deploymentName, EvaluationContext.Mode.STRICT, references());
        new TemplateResolver(scope).resolve(request.template(), request.parameters(), this::deploy);
    }

    /** reference() answers from this world: by id, or by the name of a resource of this template. */
    ReferenceResolver references() {
        return (idOrName, apiVersion, full) -> {
            String id = idOrName.startsWith("/") ? idOrName : resources.stream()
                    .filter(r -> r.name().equalsIgnoreCase(idOrName)).map(TemplateResource::id).findFirst().orElse(idOrName);
            return DeployableResources.reference(world, id, full).orElseThrow(() -> new UndeterminedValueException(
                    "reference() to '" + idOrName + "': the resource does not exist (or is not one the sandbox knows)"));
        };
    }

    private void deploy(ResolvedResource rr) {
        TemplateResource r = new TemplateResource(rr.type(), rr.apiVersion(), rr.name(), rr.id(), rr.body(), rr.dependsOn(),
                rr.jsonPointer());
        resources.add(r);
        if (r.type().equalsIgnoreCase("Microsoft.Resources/deployments")) {
            return; // an inline nested deployment: the resolver hands over its resources one by one
        }
        if (!DeployableResources.supports(r.type())) {
            throw new ArmException(400, "InvalidTemplateDeployment", "The template resource '" + r.name() + "' at '"
                    + r.jsonPointer() + "' has type '" + r.type() + "', which the sandbox does not deploy. It deploys "
                    + String.join(", ", DeployableResources.supportedTypes()) + ".");
        }
        if (dependsOnFailed(r)) {
            failed.add(r);
            return;
        }
        DeploymentOperation op = new DeploymentOperation();
        op.operationId = world.ids.guid().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        op.trackingId = world.ids.guid();
        op.timestamp = now;
        op.targetId = r.id();
        op.targetType = r.type();
        op.targetName = r.name();
        try {
            int status = DeployableResources.apply(world, now, r, mode);
            op.provisioningState = "Succeeded";
            op.statusCode = status == 201 ? "Created" : "OK";
        } catch (ArmException e) {
            op.provisioningState = "Failed";
            op.statusCode = statusName(e.status());
            op.error = Json.obj().put("code", e.code()).put("message", e.getMessage()).set("details", Json.arr());
            failed.add(r);
        }
        operations.add(op);
    }

    private boolean dependsOnFailed(TemplateResource r) {
        for (String dep : r.dependsOn()) {
            String d = dep.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
            for (TemplateResource f : failed) {
                if (f.id().toLowerCase(Locale.ROOT).equals(d) || f.name().equalsIgnoreCase(dep)
                        || f.id().toLowerCase(Locale.ROOT).endsWith(d)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** ARM writes an operation's HTTP status as the enum name (OK, BadRequest, …). */
    private static String statusName(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 409 -> "Conflict";
            case 412 -> "PreconditionFailed";
            case 429 -> "TooManyRequests";
            default -> "InternalServerError";
        };
    }

    /** The deployment's error when a resource failed: DeploymentFailed with each failure as a detail. */
    JsonNode error(String deploymentId) {
        List<DeploymentOperation> bad = operations.stream().filter(o -> "Failed".equals(o.provisioningState)).toList();
        if (bad.isEmpty()) {
            return null;
        }
        var details = Json.arr();
        bad.forEach(o -> details.add(o.error.deepCopy()));
        var e = Json.obj().put("code", "DeploymentFailed").put("target", deploymentId)
                .put("message", "At least one resource deployment operation failed. Please list deployment operations for details."
                        + " Please see https://aka.ms/arm-deployment-operations for usage details.");
        e.set("details", details);
        return e;
    }
}
