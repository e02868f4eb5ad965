package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What identifies a resource declaration before its body is evaluated: full type, full name,
 * id and dependencies. A child declared inside its parent's "resources" may use the short form
 * (type "keys", name "k"), which ARM completes with the parent's type and name.
 */
record ResourceHeader(String type, String apiVersion, String name, String id, List<String> dependsOn, String pointer,
                      JsonNode declaration, ResourceHeader parent) {

    static ResourceHeader of(JsonNode declaration, String pointer, ResourceHeader parent, TemplateContext context) {
        String type = text(declaration, "type", pointer, context);
        JsonNode nameValue = evaluated(declaration, "name", pointer, context);
        boolean nameKnown = ArmExpressions.unresolved(nameValue).isEmpty();
        String name = nameValue.textValue();
        String apiVersion = declaration.has("apiVersion") ? text(declaration, "apiVersion", pointer, context) : null;
        if (parent != null && !type.contains("/")) {
            type = parent.type() + "/" + type;
            name = parent.name() + "/" + name;
        }
        List<String> dependsOn = new ArrayList<>();
        JsonNode declared = declaration.path("dependsOn");
        if (declared.isArray()) {
            for (JsonNode entry : ArmExpressions.evaluateTree(declared, context)) {
                dependsOn.add(entry.asText());
            }
        }
        if (parent != null) {
            // ARM deploys a child after its parent even when dependsOn does not say so.
            dependsOn.add(parent.id());
        }
        String scopeId = declaration.has("scope") ? text(declaration, "scope", pointer, context) : null;
        // LENIENT: a name that could not be determined leaves an id that says so
        String id = nameKnown ? id(type, name, scopeId, pointer, context) : name;
        return new ResourceHeader(type, apiVersion, name, id, dependsOn, pointer, declaration, parent);
    }

    private static String text(JsonNode declaration, String field, String pointer, TemplateContext context) {
        JsonNode value = evaluated(declaration, field, pointer, context);
        ArmExpressions.unresolved(value).ifPresent(u -> {
            throw new UndeterminedValueException("'" + field + "' of resource at '" + pointer + "': " + u.describe());
        });
        return value.textValue();
    }

    private static JsonNode evaluated(JsonNode declaration, String field, String pointer, TemplateContext context) {
        JsonNode raw = declaration.get(field);
        if (raw == null || !raw.isTextual()) {
            throw new ExpressionException("resource at '" + pointer + "' needs a string '" + field + "'");
        }
        JsonNode value = ArmExpressions.evaluate(raw.textValue(), context);
        if (!value.isTextual()) {
            throw new ExpressionException("'" + field + "' of resource at '" + pointer + "' evaluates to "
                    + ArmValues.typeName(value) + ", not a string");
        }
        return value;
    }

    /** /subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type1}/{name1}/{type2}/{name2}..., or under an extension scope. */
    private static String id(String type, String name, String scopeId, String pointer, TemplateContext context) {
        String[] types = type.split("/");
        String[] names = name.split("/");
        if (types.length < 2 || names.length != types.length - 1) {
            throw new ExpressionException("resource at '" + pointer + "' has name '" + name + "' with " + names.length
                    + " segment(s) but type '" + type + "' needs " + Math.max(types.length - 1, 1));
        }
        StringBuilder id = new StringBuilder(scopeId != null ? trimSlash(scopeId)
                : "/subscriptions/" + context.subscriptionId() + "/resourceGroups/" + context.resourceGroupName());
        id.append("/providers/").append(types[0]);
        for (int i = 1; i < types.length; i++) {
            id.append('/').append(types[i]).append('/').append(names[i - 1]);
        }
        return id.toString();
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
