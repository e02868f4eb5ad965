package dev.dicomcmk.sandbox.arm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.template.expressions.DeploymentScope;
import dev.dicomcmk.template.expressions.EvaluationContext;
import dev.dicomcmk.template.expressions.TemplateResolver;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The parameter values (defaults included) and outputs a DeploymentExtended reports. The resolver
 * evaluates resource bodies only, so they are evaluated as the body of one stand-in resource of a
 * copy of the template (same parameters and variables, no other resources): the same evaluator,
 * in the same STRICT mode, with reference() answered from the world after the deployment.
 */
final class EchoedValues {

    private static final String STAND_IN_TYPE = "Sandbox.Deployment/echoedValues";

    record Values(ObjectNode parameters, ObjectNode outputs) {
    }

    private EchoedValues() {
    }

    static Values of(DeploymentRequest request, DeploymentScope scope, boolean withOutputs) {
        JsonNode template = request.template();
        ObjectNode declared = template.path("parameters").isObject() ? (ObjectNode) template.get("parameters") : Json.obj();
        ObjectNode wanted = Json.obj();
        declared.fieldNames().forEachRemaining(p -> wanted.put(p, "[parameters('" + p.replace("'", "''") + "')]"));
        ObjectNode properties = Json.obj();
        properties.set("parameters", wanted);
        if (withOutputs && template.path("outputs").isObject()) {
            properties.set("outputs", template.get("outputs").deepCopy());
        }
        ObjectNode standIn = Json.obj().put("type", STAND_IN_TYPE).put("apiVersion", "2025-01-01").put("name", "values");
        standIn.set("properties", properties);
        ObjectNode copy = template.deepCopy();
        copy.set("resources", Json.arr().add(standIn));
        copy.remove("outputs");
        JsonNode[] body = new JsonNode[1];
        DeploymentScope echoScope = new DeploymentScope(scope.subscriptionId(), scope.tenantId(), scope.resourceGroupName(),
                scope.resourceGroupLocation(), scope.deploymentName(), EvaluationContext.Mode.STRICT, scope.references());
        new TemplateResolver(echoScope).resolve(copy, request.parameters(), r -> body[0] = r.body());
        JsonNode evaluated = body[0].path("properties");

        ObjectNode parameters = Json.obj();
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = typeName(e.getValue().path("type").asText("string"));
            ObjectNode entry = Json.obj().put("type", type);
            if (!type.startsWith("Secure")) {
                entry.set("value", evaluated.path("parameters").get(e.getKey()));
            }
            parameters.set(e.getKey(), entry);
        }
        ObjectNode outputs = Json.obj();
        if (withOutputs && evaluated.path("outputs").isObject()) {
            evaluated.get("outputs").fields().forEachRemaining(e -> {
                String type = typeName(e.getValue().path("type").asText("string"));
                ObjectNode entry = Json.obj().put("type", type);
                if (!type.startsWith("Secure")) {
                    entry.set("value", e.getValue().get("value"));
                }
                outputs.set(e.getKey(), entry);
            });
        }
        return new Values(parameters, outputs);
    }

    /** ARM reports declared types capitalised: string -> String, securestring -> SecureString. */
    static String typeName(String declared) {
        return switch (declared.toLowerCase(Locale.ROOT)) {
            case "int" -> "Int";
            case "bool" -> "Bool";
            case "object" -> "Object";
            case "array" -> "Array";
            case "securestring" -> "SecureString";
            case "secureobject" -> "SecureObject";
            default -> "String";
        };
    }

}
