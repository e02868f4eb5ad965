package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;

/** Functions over strings, arrays and objects alike: concat, length, contains, union, first, last, ... */
final class CollectionFunctions {
    private CollectionFunctions() {
    }

    static void register(Map<String, ArmFunction> table) {
        table.put("concat", CollectionFunctions::concat);
        table.put("length", CollectionFunctions::length);
        table.put("empty", CollectionFunctions::empty);
        table.put("contains", CollectionFunctions::contains);
        table.put("union", CollectionFunctions::union);
        table.put("first", c -> firstOrLast(c, true));
        table.put("last", c -> firstOrLast(c, false));
        table.put("createarray", c -> {
            ArrayNode array = ArmValues.NODES.arrayNode();
            c.args().forEach(array::add);
            return array;
        });
        table.put("createobject", CollectionFunctions::createObject);
        table.put("coalesce", c -> {
            c.expectCount(1, Integer.MAX_VALUE);
            return c.args().stream().filter(n -> !n.isNull()).findFirst().orElse(NullNode.getInstance());
        });
    }

    /** Arrays concatenate when the first argument is an array; otherwise everything joins as text. */
    private static JsonNode concat(Call c) {
        if (c.count() > 0 && c.arg(0).isArray()) {
            ArrayNode out = ArmValues.NODES.arrayNode();
            for (int i = 0; i < c.count(); i++) {
                out.addAll(c.array(i));
            }
            return out;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < c.count(); i++) {
            out.append(ArmValues.toText(c.arg(i)));
        }
        return TextNode.valueOf(out.toString());
    }

    private static JsonNode length(Call c) {
        JsonNode v = c.expectCount(1, 1).arg(0);
        if (v.isTextual()) {
            return ArmValues.integer(v.textValue().length());
        }
        if (v.isContainerNode()) {
            return ArmValues.integer(v.size());
        }
        throw c.error("expects a string, an array or an object, got " + ArmValues.typeName(v));
    }

    private static JsonNode empty(Call c) {
        JsonNode v = c.expectCount(1, 1).arg(0);
        boolean empty = v.isNull() || (v.isTextual() && v.textValue().isEmpty()) || (v.isContainerNode() && v.size() == 0);
        if (!v.isNull() && !v.isTextual() && !v.isContainerNode()) {
            throw c.error("expects a string, an array, an object or null, got " + ArmValues.typeName(v));
        }
        return ArmValues.NODES.booleanNode(empty);
    }

    private static JsonNode contains(Call c) {
        c.expectCount(2, 2);
        JsonNode container = c.arg(0);
        JsonNode item = c.arg(1);
        if (container.isTextual()) {
            return ArmValues.NODES.booleanNode(container.textValue().contains(ArmValues.toText(item)));
        }
        if (container.isArray()) {
            for (JsonNode element : container) {
                if (ArmValues.deepEquals(element, item)) {
                    return ArmValues.NODES.booleanNode(true);
                }
            }
            return ArmValues.NODES.booleanNode(false);
        }
        if (container.isObject()) {
            return ArmValues.NODES.booleanNode(ArmValues.property(container, ArmValues.toText(item)) != null);
        }
        throw c.error("expects a string, an array or an object to search, got " + ArmValues.typeName(container));
    }

    /** Objects merge (later wins, nested objects merge recursively); arrays join without duplicates. */
    private static JsonNode union(Call c) {
        c.expectCount(1, Integer.MAX_VALUE);
        if (c.arg(0).isArray()) {
            ArrayNode out = ArmValues.NODES.arrayNode();
            for (int i = 0; i < c.count(); i++) {
                for (JsonNode element : c.array(i)) {
                    boolean seen = false;
                    for (JsonNode existing : out) {
                        seen |= ArmValues.deepEquals(existing, element);
                    }
                    if (!seen) {
                        out.add(element);
                    }
                }
            }
            return out;
        }
        ObjectNode out = ArmValues.NODES.objectNode();
        for (int i = 0; i < c.count(); i++) {
            merge(out, c.object(i));
        }
        return out;
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode existing = target.get(field.getKey());
            if (existing != null && existing.isObject() && field.getValue().isObject()) {
                ObjectNode merged = ((ObjectNode) existing).deepCopy();
                merge(merged, (ObjectNode) field.getValue());
                target.set(field.getKey(), merged);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    private static JsonNode firstOrLast(Call c, boolean first) {
        JsonNode v = c.expectCount(1, 1).arg(0);
        if (v.isTextual()) {
            String s = v.textValue();
            return s.isEmpty() ? TextNode.valueOf("") : TextNode.valueOf(String.valueOf(s.charAt(first ? 0 : s.length() - 1)));
        }
        if (v.isArray()) {
            return v.isEmpty() ? NullNode.getInstance() : v.get(first ? 0 : v.size() - 1);
        }
        throw c.error("expects a string or an array, got " + ArmValues.typeName(v));
    }

    private static JsonNode createObject(Call c) {
        if (c.count() % 2 != 0) {
            throw c.error("expects pairs of key and value, got " + c.count() + " arguments");
        }
        ObjectNode out = ArmValues.NODES.objectNode();
        for (int i = 0; i < c.count(); i += 2) {
            out.set(c.string(i), c.arg(i + 1));
        }
        return out;
    }
}
