package dev.dicomcmk.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dicomcmk.template.expressions.ArmExpressions;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Copies what a PUT must repeat. A DICOM PUT replaces the resource, so every writable property
 * the service has now, including ones this tool does not know (newer API versions add some),
 * is carried over; only the read-only properties are dropped, and encryption, which the
 * template sets from its parameter. Copies have sorted keys (stable output) and every literal
 * string that ARM would evaluate as an expression is escaped, keys included.
 */
final class CarriedProperties {
    /** Read-only in the 2024-03-31 schema (WIRE.md §1), plus encryption, which is re-emitted from a parameter. */
    private static final Set<String> NOT_CARRIED = Set.of(
            "provisioningstate", "serviceurl", "authenticationconfiguration", "privateendpointconnections", "eventstate",
            "encryption");

    private CarriedProperties() {
    }

    /** The writable properties of the current service, escaped, with sorted keys. */
    static ObjectNode properties(JsonNode currentProperties) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        currentProperties.fields().forEachRemaining(field -> sorted.put(field.getKey(), field.getValue()));
        for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
            if (!NOT_CARRIED.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                out.set(ArmExpressions.escapeLiteral(field.getKey()), escaped(field.getValue()));
            }
        }
        return out;
    }

    /** A copy of any value with sorted object keys and every string escaped against ARM evaluation. */
    static JsonNode escaped(JsonNode value) {
        if (value.isTextual()) {
            return TextNode.valueOf(ArmExpressions.escapeLiteral(value.textValue()));
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(value.size());
            value.forEach(element -> out.add(escaped(element)));
            return out;
        }
        if (value.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                sorted.put(field.getKey(), field.getValue());
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach((key, child) -> out.set(ArmExpressions.escapeLiteral(key), escaped(child)));
            return out;
        }
        return value.deepCopy();
    }
}
