package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prepares a template and its parameters for an offline resolve. A string parameter with no
 * value and no default (the docs' templates ask for the vault name, the key name, the tenant at
 * deployment) gets its symbol as default, so that names and ids built from it stay comparable:
 * {@code resourceId('Microsoft.KeyVault/vaults', parameters('kv'))} names the same vault wherever
 * it is written. Its length and allowed-value rules apply to the real value, which is not known
 * here, so they are dropped from the copy. A parameter given as a Key Vault reference (a secret)
 * is treated the same way: its value is never fetched.
 */
final class SymbolicParameters {

    private static final Set<String> STRING_TYPES = Set.of("string", "securestring");

    private SymbolicParameters() {
    }

    /** The template and parameters to resolve: copies, the originals stay as read (their lines are the truth). */
    record Prepared(JsonNode template, JsonNode parameters) {
    }

    static Prepared prepare(JsonNode template, JsonNode parametersFile) {
        ObjectNode parameters = suppliedValues(parametersFile);
        ObjectNode copy = template.deepCopy();
        JsonNode declarations = copy.path("parameters");
        if (declarations.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = declarations.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getValue() instanceof ObjectNode declaration && needsSymbol(entry.getKey(), declaration, parameters)) {
                    declaration.put("defaultValue", Symbols.parameter(entry.getKey()));
                    declaration.remove(java.util.List.of("allowedValues", "minLength", "maxLength"));
                }
            }
        }
        return new Prepared(copy, parameters);
    }

    private static boolean needsSymbol(String name, ObjectNode declaration, ObjectNode supplied) {
        String type = declaration.path("type").asText("").toLowerCase(Locale.ROOT);
        return STRING_TYPES.contains(type) && !declaration.has("defaultValue") && !has(supplied, name);
    }

    /** The parameters file's entries as {name: {value}}, without Key Vault references. */
    private static ObjectNode suppliedValues(JsonNode file) {
        ObjectNode values = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (file == null) {
            return values;
        }
        boolean wrapped = (file.has("$schema") || file.has("contentVersion")) && file.path("parameters").isObject();
        JsonNode entries = wrapped ? file.path("parameters") : file;
        for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode v = entry.getValue();
            if (!(v.isObject() && v.has("reference") && !v.has("value"))) {
                values.set(entry.getKey(), v);
            }
        }
        return values;
    }

    private static boolean has(ObjectNode supplied, String name) {
        for (Iterator<String> it = supplied.fieldNames(); it.hasNext(); ) {
            if (it.next().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
