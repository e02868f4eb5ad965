package dev.dicomcmk.sandbox.arm;

import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.arm.deploy.DeploymentEngine;
import dev.dicomcmk.sandbox.arm.deploy.DeploymentRequest;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.world.AsyncOperation;
import dev.dicomcmk.sandbox.world.Deployment;
import dev.dicomcmk.sandbox.world.DeploymentOperation;
import dev.dicomcmk.sandbox.world.ResourceGroup;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.List;
import java.util.Optional;

/**
 * Microsoft.Resources/deployments at resource-group scope: the list (the group's history), PUT (201 +
 * Azure-AsyncOperation, as recorded), GET, HEAD, operationStatuses polls, the operations list and what-if (202 + Location).
 * The template itself is deployed by {@link DeploymentEngine} through the same writers as direct calls.
 */
final class DeploymentsApi {

    private final SandboxContext ctx;
    private final WhatIfResults whatIfResults;

    DeploymentsApi(SandboxContext ctx, WhatIfResults whatIfResults) {
        this.ctx = ctx;
        this.whatIfResults = whatIfResults;
    }

    /** Null when the path is not a deployment path. */
    Response handle(WorldState w, Request r, List<String> seg) {
        boolean listForm = seg.size() == 7 && seg.get(2).equalsIgnoreCase("resourcegroups")
                && seg.get(4).equalsIgnoreCase("providers") && seg.get(5).equalsIgnoreCase("Microsoft.Resources")
                && seg.get(6).equalsIgnoreCase("deployments");
        boolean providerForm = seg.size() >= 8 && seg.get(2).equalsIgnoreCase("resourcegroups")
                && seg.get(4).equalsIgnoreCase("providers") && seg.get(5).equalsIgnoreCase("Microsoft.Resources")
                && seg.get(6).equalsIgnoreCase("deployments");
        // the SDK lists operations at /resourcegroups/{rg}/deployments/{name}/operations (recorded)
        boolean shortForm = seg.size() == 7 && seg.get(2).equalsIgnoreCase("resourcegroups")
                && seg.get(4).equalsIgnoreCase("deployments") && seg.get(6).equalsIgnoreCase("operations");
        if (!providerForm && !shortForm && !listForm) {
            return null;
        }
        Response bad = ApiVersions.check(r, ApiVersions.RESOURCES, null, w.location);
        if (bad != null) {
            return bad;
        }
        Optional<ResourceGroup> g = w.resourceGroup(seg.get(3));
        if (g.isEmpty()) {
            return ArmErrors.resourceGroupNotFound(seg.get(3));
        }
        if (listForm) {
            return r.method().equals("GET") ? list(w, g.get()) : ArmEndpoint.notSimulated(r);
        }
        String name = providerForm ? seg.get(7) : seg.get(5);
        List<String> rest = providerForm ? seg.subList(8, seg.size()) : List.of("operations");
        String m = r.method();
        try {
            if (rest.isEmpty()) {
                return switch (m) {
                    case "PUT" -> put(w, r, g.get(), name);
                    case "GET" -> w.deployment(g.get().name, name).map(d -> Response.json(200, DeploymentJson.extended(w, d)))
                            .orElseGet(() -> notFound(name));
                    case "HEAD" -> Response.empty(w.deployment(g.get().name, name).isPresent() ? 204 : 404);
                    default -> ArmEndpoint.notSimulated(r);
                };
            }
            String sub = rest.get(0).toLowerCase(java.util.Locale.ROOT);
            if (sub.equals("whatif") && rest.size() == 1 && m.equals("POST")) {
                return whatIf(w, r, g.get(), name);
            }
            if (sub.equals("operationstatuses") && rest.size() == 2 && m.equals("GET")) {
                return status(w, g.get(), name, rest.get(1));
            }
            if (sub.equals("operations") && rest.size() == 1 && m.equals("GET")) {
                return w.deployment(g.get().name, name).map(d -> Response.json(200, DeploymentJson.operations(w, d)))
                        .orElseGet(() -> notFound(name));
            }
        } catch (ArmException e) {
            return e.toResponse();
        }
        return ArmEndpoint.notSimulated(r);
    }

    private Response put(WorldState w, Request r, ResourceGroup g, String name) {
        DeploymentRequest request = DeploymentRequest.parse(Json.parseOrNull(r.body()));
        long now = ctx.now();
        String id = "/subscriptions/" + w.subscriptionOf(g.name) + "/resourceGroups/" + g.name + "/providers/Microsoft.Resources/deployments/" + name;
        AsyncOperations.settleFor(w, id, now);
        DeploymentEngine.Result result = DeploymentEngine.deploy(w, now, request, g.name, g.location, name, id);

        Deployment d = new Deployment();
        d.name = name;
        d.resourceGroup = g.name;
        d.mode = request.mode();
        d.parameters = result.parameters();
        d.outputs = result.outputs();
        d.error = result.error();
        d.templateHash = DeploymentEngine.templateHash(request.template());
        d.correlationId = correlation(r);
        d.provisioningState = "Running"; // reported as Accepted in the PUT answer, Running until the status is polled to its end
        d.timestamp = now;
        d.startedAt = now;
        d.operations = result.operations();
        for (DeploymentOperation op : result.operations()) {
            if ("Succeeded".equals(op.provisioningState)) {
                d.outputResources.add(op.targetId);
            }
        }
        d.providers = DeploymentJson.providers(result.resources(), g.location);
        d.dependencies = DeploymentJson.dependencies(result.resources());
        AsyncOperation op = AsyncOperations.start(w, AsyncOperation.DEPLOYMENT, AsyncOperations.deploymentOperationId(w), id,
                g.location, now);
        op.outcome = result.error() == null ? "Succeeded" : "Failed";
        op.error = result.error();
        d.operationId = op.id;
        w.deployments.removeIf(x -> x.resourceGroup.equalsIgnoreCase(g.name) && x.name.equalsIgnoreCase(name));
        w.deployments.add(d);
        String poll = "https://" + SandboxContext.MANAGEMENT_HOST + "/subscriptions/" + w.subscriptionOf(g.name) + "/resourcegroups/"
                + g.name + "/providers/Microsoft.Resources/deployments/" + name + "/operationStatuses/" + op.id
                + "?api-version=" + r.query("api-version");
        var accepted = DeploymentJson.extended(w, d);
        ((com.fasterxml.jackson.databind.node.ObjectNode) accepted.get("properties")).put("provisioningState", "Accepted");
        return Response.json(201, accepted).header("Azure-AsyncOperation", poll).header("Retry-After", "0");
    }

    /** The resource group's deployment history (Deployments - List By Resource Group), newest first, one page. */
    private static Response list(WorldState w, ResourceGroup g) {
        var value = Json.arr();
        w.deployments.stream().filter(d -> d.resourceGroup.equalsIgnoreCase(g.name))
                .sorted(java.util.Comparator.comparingLong((Deployment d) -> d.timestamp).reversed())
                .forEach(d -> value.add(DeploymentJson.extended(w, d)));
        return Response.json(200, Json.obj().set("value", value));
    }

    private Response whatIf(WorldState w, Request r, ResourceGroup g, String name) {
        DeploymentRequest request = DeploymentRequest.parse(Json.parseOrNull(r.body()));
        long now = ctx.now();
        var changes = DeploymentEngine.whatIf(w, now, request, g.name, g.location, name);
        String opId = AsyncOperations.whatIfOperationId(w, g.name, name);
        // computed on the spot (the recorded first poll already answers 200), kept outside the saved world
        whatIfResults.put(opId, DeploymentJson.whatIfResult(correlation(r), changes), now);
        String location = "https://" + SandboxContext.MANAGEMENT_HOST + "/subscriptions/" + w.subscriptionId
                + "/operationresults/" + opId + "?api-version=" + r.query("api-version");
        return Response.empty(202).header("Location", location).header("Retry-After", "0");
    }

    private Response status(WorldState w, ResourceGroup g, String name, String opId) {
        Optional<AsyncOperation> op = w.operation(opId).filter(o -> o.kind.equals(AsyncOperation.DEPLOYMENT)
                && o.target.toLowerCase(java.util.Locale.ROOT).endsWith("/deployments/" + name.toLowerCase(java.util.Locale.ROOT)));
        if (op.isEmpty()) {
            return ArmErrors.error(404, "DeploymentOperationStatusNotFound", "The operation status '" + opId
                    + "' of deployment '" + name + "' in resource group '" + g.name + "' was not found.");
        }
        AsyncOperations.poll(w, op.get(), ctx.now());
        return Response.json(200, AsyncOperations.deploymentStatus(op.get()));
    }

    private static String correlation(Request r) {
        String c = r.header("x-ms-correlation-request-id");
        return c != null ? c : java.util.UUID.randomUUID().toString();
    }

    private static Response notFound(String name) {
        return ArmErrors.error(404, "DeploymentNotFound", "Deployment '" + name + "' could not be found.");
    }
}
