package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;

import java.util.Iterator;
import java.util.Map;

/** ARM's view of JSON values: type names for messages, text conversion, value equality. */
final class ArmValues {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ArmValues() {
    }

    /** An integer node as a parser would produce it, so trees compare equal to parsed JSON. */
    static JsonNode integer(long value) {
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    static String typeName(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isTextual()) {
            return "string";
        }
        if (node.isIntegralNumber()) {
            return "integer";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        return node.isArray() ? "array" : "object";
    }

    /**
     * How ARM turns a value into text (string(), concat(), format()): strings as they are,
     * booleans the .NET way ("True"/"False"), null as empty, arrays and objects as compact JSON.
     */
    static String toText(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "True" : "False";
        }
        if (node.isNumber()) {
            return node.asText();
        }
        return node.toString();
    }

    /** Deep equality where 1 (int) equals 1 (long) and object keys compare case-insensitively, as in ARM. */
    static boolean deepEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.isIntegralNumber() && b.isIntegralNumber() ? a.longValue() == b.longValue()
                    : a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!deepEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode other = property(b, field.getKey());
                if (other == null || !deepEquals(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isNull() || b.isNull()) {
            return a.isNull() && b.isNull();
        }
        return a.equals(b);
    }

    /** An object's property by name, exact match first, then case-insensitively (ARM property names are). */
    static JsonNode property(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }
}
