package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Functions that read the deployment: parameters, variables, scopes, reference(). */
final class DeploymentFunctions {
    private DeploymentFunctions() {
    }

    static void register(Map<String, ArmFunction> table) {
        table.put("parameters", c -> c.context().parameter(c.expectCount(1, 1).string(0)));
        table.put("variables", c -> c.context().variable(c.expectCount(1, 1).string(0)));
        table.put("subscription", DeploymentFunctions::subscription);
        table.put("resourcegroup", DeploymentFunctions::resourceGroup);
        table.put("deployment", c -> {
            c.expectCount(0, 0);
            return ArmValues.NODES.objectNode().put("name", c.context().deploymentName());
        });
        table.put("reference", DeploymentFunctions::reference);
    }

    private static JsonNode subscription(Call c) {
        c.expectCount(0, 0);
        EvaluationContext ctx = c.context();
        ObjectNode node = ArmValues.NODES.objectNode();
        node.put("id", "/subscriptions/" + ctx.subscriptionId());
        node.put("subscriptionId", ctx.subscriptionId());
        node.put("tenantId", ctx.tenantId());
        return node;
    }

    private static JsonNode resourceGroup(Call c) {
        c.expectCount(0, 0);
        EvaluationContext ctx = c.context();
        ObjectNode node = ArmValues.NODES.objectNode();
        node.put("id", "/subscriptions/" + ctx.subscriptionId() + "/resourceGroups/" + ctx.resourceGroupName());
        node.put("name", ctx.resourceGroupName());
        node.put("type", "Microsoft.Resources/resourceGroups");
        node.put("location", ctx.resourceGroupLocation());
        return node;
    }

    /** reference(resourceIdOrName, [apiVersion], ['Full']). */
    private static JsonNode reference(Call c) {
        c.expectCount(1, 3);
        String target = c.string(0);
        String apiVersion = c.count() >= 2 ? c.string(1) : null;
        boolean full = false;
        if (c.count() == 3) {
            if (!c.string(2).equalsIgnoreCase("Full")) {
                throw c.error("accepts only 'Full' as its third argument, got '" + c.string(2) + "'");
            }
            full = true;
        }
        JsonNode value = c.context().reference(target, apiVersion, full);
        if (value == null) {
            throw new UndeterminedValueException("reference to " + target + " returned nothing");
        }
        return value;
    }
}
