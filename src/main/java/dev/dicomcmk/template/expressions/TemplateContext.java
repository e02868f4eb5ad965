package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The evaluation context of one template: its parameters (supplied value, else default) and
 * variables, both evaluated on first use, so a default or a variable may use other parameters
 * and variables in any order; a cycle is reported with its path.
 */
final class TemplateContext implements EvaluationContext {
    private final DeploymentScope scope;
    private final JsonNode parameterDeclarations;
    private final Map<String, JsonNode> suppliedValues;
    private final JsonNode variableDeclarations;
    private final Map<String, JsonNode> resolved = new HashMap<>();
    private final Set<String> inProgress = new LinkedHashSet<>();

    TemplateContext(DeploymentScope scope, JsonNode template, Map<String, JsonNode> suppliedValues) {
        this.scope = scope;
        this.parameterDeclarations = template.path("parameters");
        this.variableDeclarations = template.path("variables");
        this.suppliedValues = suppliedValues;
        for (String name : suppliedValues.keySet()) {
            if (declaration(parameterDeclarations, name) == null) {
                throw new ExpressionException("parameter '" + name + "' is given a value but the template does not declare it");
            }
        }
    }

    /** Resolves every declared parameter now: STRICT fails on the first missing or invalid one, as ARM does before deploying. */
    void validateParameters() {
        for (Iterator<String> it = parameterDeclarations.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            try {
                parameter(name);
            } catch (UndeterminedValueException | UnsupportedExpressionException e) {
                if (scope.mode() == Mode.STRICT) {
                    throw e;
                }
            }
        }
    }

    @Override
    public JsonNode parameter(String name) {
        JsonNode declaration = declaration(parameterDeclarations, name);
        if (declaration == null) {
            throw new ExpressionException("parameter '" + name + "' is not declared in the template");
        }
        String key = "parameters('" + name + "')";
        JsonNode cached = resolved.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode supplied = suppliedValue(name);
        JsonNode value;
        if (supplied != null) {
            value = supplied;
        } else if (declaration.has("defaultValue")) {
            value = evaluateOnce(key, declaration.get("defaultValue"));
        } else {
            throw new UndeterminedValueException("parameter '" + name + "' has no value and no default value");
        }
        if (ArmExpressions.unresolved(value).isEmpty()) {
            ParameterChecks.check(name, declaration, value);
        }
        resolved.put(key, value);
        return value;
    }

    @Override
    public JsonNode variable(String name) {
        JsonNode declaration = declaration(variableDeclarations, name);
        if (declaration == null) {
            throw new ExpressionException("variable '" + name + "' is not declared in the template");
        }
        if ((declaration.isObject() && declaration.has("copy")) || name.equalsIgnoreCase("copy")) {
            throw new UnsupportedExpressionException("copy", "variable '" + name + "' uses a copy loop, which dicom-cmk does not evaluate");
        }
        String key = "variables('" + name + "')";
        JsonNode cached = resolved.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode value = evaluateOnce(key, declaration);
        resolved.put(key, value);
        return value;
    }

    private JsonNode evaluateOnce(String key, JsonNode definition) {
        if (!inProgress.add(key)) {
            throw new ExpressionException("circular definition: " + String.join(" -> ", inProgress) + " -> " + key);
        }
        try {
            return ArmExpressions.evaluateTree(definition, this);
        } finally {
            inProgress.remove(key);
        }
    }

    private JsonNode suppliedValue(String name) {
        for (Map.Entry<String, JsonNode> entry : suppliedValues.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Parameter and variable names are case-insensitive in ARM. */
    private static JsonNode declaration(JsonNode declarations, String name) {
        if (declarations == null || !declarations.isObject()) {
            return null;
        }
        JsonNode found = ArmValues.property(declarations, name);
        return found == null || found instanceof MissingNode ? null : found;
    }

    DeploymentScope scope() {
        return scope;
    }

    @Override
    public String subscriptionId() {
        return scope.subscriptionId();
    }

    @Override
    public String tenantId() {
        return scope.tenantId();
    }

    @Override
    public String resourceGroupName() {
        return scope.resourceGroupName();
    }

    @Override
    public String resourceGroupLocation() {
        if (scope.resourceGroupLocation() == null) {
            throw new UndeterminedValueException("the location of resource group " + scope.resourceGroupName() + " is not known");
        }
        return scope.resourceGroupLocation();
    }

    @Override
    public String deploymentName() {
        return scope.deploymentName();
    }

    @Override
    public JsonNode reference(String resourceIdOrName, String apiVersion, boolean full) {
        return scope.references().reference(resourceIdOrName, apiVersion, full);
    }

    @Override
    public Mode mode() {
        return scope.mode();
    }
}
