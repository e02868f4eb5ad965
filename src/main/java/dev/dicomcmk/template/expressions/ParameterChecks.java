package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** ARM's checks of a parameter value against its declaration: type, allowedValues, lengths, bounds. */
final class ParameterChecks {
    private ParameterChecks() {
    }

    static void check(String name, JsonNode declaration, JsonNode value) {
        String type = declaration.path("type").asText("").toLowerCase(Locale.ROOT);
        boolean matches = switch (type) {
            case "string", "securestring" -> value.isTextual();
            case "int" -> value.isIntegralNumber();
            case "bool" -> value.isBoolean();
            case "object", "secureobject" -> value.isObject();
            case "array" -> value.isArray();
            case "" -> throw new ExpressionException("parameter '" + name + "' declares no type");
            default -> throw new ExpressionException("parameter '" + name + "' declares unknown type '"
                    + declaration.path("type").asText() + "'");
        };
        if (!matches) {
            throw new ExpressionException("parameter '" + name + "' is declared " + declaration.path("type").asText()
                    + " but its value is " + ArmValues.typeName(value));
        }
        checkAllowedValues(name, declaration.get("allowedValues"), value);
        checkLength(name, declaration, value);
        checkBounds(name, declaration, value);
    }

    /** For an array parameter every element must be allowed; otherwise the value itself. */
    private static void checkAllowedValues(String name, JsonNode allowed, JsonNode value) {
        if (allowed == null || !allowed.isArray()) {
            return;
        }
        Iterable<JsonNode> candidates = value.isArray() ? value : java.util.List.of(value);
        for (JsonNode candidate : candidates) {
            boolean ok = false;
            for (JsonNode option : allowed) {
                ok |= ArmValues.deepEquals(option, candidate);
            }
            if (!ok) {
                throw new ExpressionException("parameter '" + name + "' has value " + Quote.of(ArmValues.toText(candidate))
                        + ", which is not one of its allowedValues " + allowed);
            }
        }
    }

    private static void checkLength(String name, JsonNode declaration, JsonNode value) {
        int length = value.isTextual() ? value.textValue().length() : value.isArray() ? value.size() : -1;
        if (length < 0) {
            return;
        }
        if (declaration.has("minLength") && length < declaration.get("minLength").asInt()) {
            throw new ExpressionException("parameter '" + name + "' is shorter than its minLength " + declaration.get("minLength"));
        }
        if (declaration.has("maxLength") && length > declaration.get("maxLength").asInt()) {
            throw new ExpressionException("parameter '" + name + "' is longer than its maxLength " + declaration.get("maxLength"));
        }
    }

    private static void checkBounds(String name, JsonNode declaration, JsonNode value) {
        if (!value.isIntegralNumber()) {
            return;
        }
        if (declaration.has("minValue") && value.longValue() < declaration.get("minValue").asLong()) {
            throw new ExpressionException("parameter '" + name + "' is below its minValue " + declaration.get("minValue"));
        }
        if (declaration.has("maxValue") && value.longValue() > declaration.get("maxValue").asLong()) {
            throw new ExpressionException("parameter '" + name + "' is above its maxValue " + declaration.get("maxValue"));
        }
    }
}
