package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads supplied parameter values from the forms users and ARM use: a parameters file
 * ({"$schema": ..., "contentVersion": ..., "parameters": {"p": {"value": ...}}}), a deployment
 * body's properties.parameters ({"p": {"value": ...}}), or a plain map ({"p": ...}).
 */
final class ParameterValues {
    private static final Set<String> WRAPPER_KEYS = Set.of("value", "metadata");

    private ParameterValues() {
    }

    static Map<String, JsonNode> read(JsonNode document) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (document == null || document.isNull() || document.isMissingNode()) {
            return values;
        }
        if (!document.isObject()) {
            throw new ExpressionException("parameters must be a JSON object, got " + ArmValues.typeName(document));
        }
        JsonNode entries = isParametersFile(document) ? document.path("parameters") : document;
        for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            values.put(entry.getKey(), unwrap(entry.getKey(), entry.getValue()));
        }
        return values;
    }

    private static boolean isParametersFile(JsonNode document) {
        return (document.has("$schema") || document.has("contentVersion")) && document.path("parameters").isObject();
    }

    private static JsonNode unwrap(String name, JsonNode entry) {
        if (entry.isObject() && entry.has("reference") && !entry.has("value")) {
            throw new UnsupportedExpressionException("reference", "parameter '" + name
                    + "' is a Key Vault reference, which dicom-cmk does not resolve");
        }
        if (entry.isObject() && entry.has("value")) {
            for (Iterator<String> keys = entry.fieldNames(); keys.hasNext(); ) {
                if (!WRAPPER_KEYS.contains(keys.next())) {
                    return entry;
                }
            }
            return entry.get("value");
        }
        return entry;
    }
}
