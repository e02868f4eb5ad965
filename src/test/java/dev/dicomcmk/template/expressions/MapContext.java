package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.azure.Json;

import java.util.HashMap;
import java.util.Map;

/** A test context: parameters, variables and known references from maps. */
final class MapContext implements EvaluationContext {
    static final String SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
    static final String TENANT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private final Mode mode;
    private final Map<String, JsonNode> parameters = new HashMap<>();
    private final Map<String, JsonNode> variables = new HashMap<>();
    private final Map<String, JsonNode> references = new HashMap<>();

    MapContext(Mode mode) {
        this.mode = mode;
    }

    static MapContext strict() {
        return new MapContext(Mode.STRICT);
    }

    static MapContext lenient() {
        return new MapContext(Mode.LENIENT);
    }

    MapContext parameter(String name, String json) {
        parameters.put(name, parse(json));
        return this;
    }

    MapContext variable(String name, String json) {
        variables.put(name, parse(json));
        return this;
    }

    MapContext knownResource(String id, String propertiesJson) {
        references.put(id.toLowerCase(), parse(propertiesJson));
        return this;
    }

    static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @Override
    public JsonNode parameter(String name) {
        JsonNode value = parameters.get(name);
        if (value == null) {
            throw new UndeterminedValueException("parameter '" + name + "' has no value");
        }
        return value;
    }

    @Override
    public JsonNode variable(String name) {
        JsonNode value = variables.get(name);
        if (value == null) {
            throw new ExpressionException("variable '" + name + "' is not defined");
        }
        return value;
    }

    @Override
    public String subscriptionId() {
        return SUBSCRIPTION;
    }

    @Override
    public String tenantId() {
        return TENANT;
    }

    @Override
    public String resourceGroupName() {
        return "rg-dicom";
    }

    @Override
    public String resourceGroupLocation() {
        return "westus3";
    }

    @Override
    public String deploymentName() {
        return "dicom-cmk-update";
    }

    @Override
    public JsonNode reference(String resourceIdOrName, String apiVersion, boolean full) {
        JsonNode value = references.get(resourceIdOrName.toLowerCase());
        if (value == null) {
            throw new UndeterminedValueException("resource " + resourceIdOrName + " is not known");
        }
        return value;
    }

    @Override
    public Mode mode() {
        return mode;
    }
}
