package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.arm.deploy.TemplateResource;
import dev.dicomcmk.sandbox.world.AsyncOperation;
import dev.dicomcmk.sandbox.world.Deployment;
import dev.dicomcmk.sandbox.world.DeploymentOperation;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Deployment bodies in the shapes of the recorded DeploymentExtended and deployment operations list. */
final class DeploymentJson {

    private DeploymentJson() {
    }

    static ObjectNode extended(WorldState w, Deployment d) {
        Optional<AsyncOperation> op = w.operation(d.operationId);
        boolean running = op.isPresent() && !op.get().done();
        String state = running ? "Running" : d.provisioningState;
        ObjectNode p = Json.obj().put("templateHash", d.templateHash);
        p.set("parameters", d.parameters == null ? Json.obj() : d.parameters);
        p.put("mode", d.mode).put("provisioningState", state).put("timestamp", ArmJson.isoFraction(d.timestamp))
                .put("duration", "PT" + Math.max(0, d.timestamp - d.startedAt) + "S").put("correlationId", d.correlationId);
        p.set("providers", d.providers == null ? Json.arr() : d.providers);
        p.set("dependencies", d.dependencies == null ? Json.arr() : d.dependencies);
        boolean done = !running;
        if (done && d.outputs != null && "Succeeded".equals(state)) {
            p.set("outputs", d.outputs);
        }
        if (done) {
            ArrayNode out = Json.arr();
            d.outputResources.forEach(id -> out.add(Json.obj().put("id", id)));
            p.set("outputResources", out);
        }
        if (done && d.error != null) {
            p.set("error", d.error);
        }
        ObjectNode o = Json.obj().put("id", d.id(w.subscriptionOf(d.resourceGroup))).put("name", d.name).put("type", "Microsoft.Resources/deployments");
        o.set("properties", p);
        return o;
    }

    static ObjectNode operations(WorldState w, Deployment d) {
        ArrayNode value = Json.arr();
        List<DeploymentOperation> ops = d.operations;
        for (int i = ops.size() - 1; i >= 0; i--) {
            DeploymentOperation op = ops.get(i);
            ObjectNode p = Json.obj().put("provisioningOperation", op.provisioningOperation)
                    .put("provisioningState", op.provisioningState).put("timestamp", ArmJson.isoFraction(op.timestamp))
                    .put("duration", "PT0S").put("trackingId", op.trackingId).put("statusCode", op.statusCode);
            if (op.error != null) {
                ObjectNode message = Json.obj().put("status", "Failed");
                message.set("error", op.error);
                p.set("statusMessage", message);
            }
            p.set("targetResource", Json.obj().put("id", op.targetId).put("resourceType", op.targetType)
                    .put("resourceName", op.targetName));
            ObjectNode o = Json.obj().put("id", d.id(w.subscriptionOf(d.resourceGroup)) + "/operations/" + op.operationId)
                    .put("operationId", op.operationId);
            o.set("properties", p);
            value.add(o);
        }
        return Json.obj().set("value", value);
    }

    /** providers: the namespaces and types the template deploys, with their locations. */
    static ArrayNode providers(List<TemplateResource> resources, String defaultLocation) {
        Map<String, Map<String, Set<String>>> byNamespace = new LinkedHashMap<>();
        for (TemplateResource r : resources) {
            int slash = r.type().indexOf('/');
            String location = r.body().path("location").asText(defaultLocation);
            byNamespace.computeIfAbsent(r.type().substring(0, slash), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.type().substring(slash + 1), k -> new LinkedHashSet<>())
                    .add(DicomServiceWrites.normalizeLocation(location));
        }
        ArrayNode out = Json.arr();
        byNamespace.forEach((ns, types) -> {
            ArrayNode rt = Json.arr();
            types.forEach((t, locs) -> rt.add(Json.obj().put("resourceType", t).set("locations", Json.arr(locs))));
            out.add(Json.obj().put("namespace", ns).set("resourceTypes", rt));
        });
        return out;
    }

    /** dependencies: each resource with a dependsOn, the resources it waits for. */
    static ArrayNode dependencies(List<TemplateResource> resources) {
        ArrayNode out = Json.arr();
        for (TemplateResource r : resources) {
            if (r.dependsOn().isEmpty()) {
                continue;
            }
            ArrayNode on = Json.arr();
            for (String dep : r.dependsOn()) {
                Optional<TemplateResource> target = resources.stream().filter(x -> x.id().equalsIgnoreCase(dep)
                        || x.name().equalsIgnoreCase(dep) || x.id().toLowerCase(Locale.ROOT).endsWith(dep.toLowerCase(Locale.ROOT)))
                        .findFirst();
                on.add(target.map(DeploymentJson::basic).orElseGet(() -> Json.obj().put("id", dep)));
            }
            ObjectNode o = Json.obj();
            o.set("dependsOn", on);
            o.setAll(basic(r));
            out.add(o);
        }
        return out;
    }

    private static ObjectNode basic(TemplateResource r) {
        return Json.obj().put("id", r.id()).put("resourceType", r.type()).put("resourceName", r.name());
    }

    static JsonNode whatIfResult(String correlationId, ArrayNode changes) {
        ObjectNode p = Json.obj().put("correlationId", correlationId);
        p.set("changes", changes);
        ObjectNode o = Json.obj().put("status", "Succeeded");
        o.set("properties", p);
        return o;
    }
}
