package dev.dicomcmk.sandbox.arm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;

import java.util.TreeSet;

/**
 * The property changes between a resource's current and predicted writable view, in what-if's
 * WhatIfPropertyChange shape: nested objects flatten into dotted paths ("tags.myNewTag",
 * "properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl"), arrays become an
 * "Array" change whose children are addressed by index, as the real what-if result shows.
 */
final class WhatIfDelta {

    private WhatIfDelta() {
    }

    static ArrayNode between(JsonNode before, JsonNode after) {
        ArrayNode out = Json.arr();
        diffObjects("", before, after, out);
        return out;
    }

    private static void diffObjects(String prefix, JsonNode before, JsonNode after, ArrayNode out) {
        TreeSet<String> keys = new TreeSet<>();
        before.fieldNames().forEachRemaining(keys::add);
        after.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            diffValues(path, before.get(key), after.get(key), out, true);
        }
    }

    private static void diffValues(String path, JsonNode b, JsonNode a, ArrayNode out, boolean flattenObjects) {
        if (b == null) {
            ObjectNode c = change(path, "Create");
            c.set("after", a);
            out.add(c);
        } else if (a == null) {
            ObjectNode c = change(path, "Delete");
            c.set("before", b);
            out.add(c);
        } else if (b.equals(a)) {
            return;
        } else if (b.isObject() && a.isObject()) {
            if (flattenObjects) {
                diffObjects(path, b, a, out);
            } else {
                ArrayNode children = Json.arr();
                diffObjects("", b, a, children);
                out.add(change(path, "Modify").set("children", children));
            }
        } else if (b.isArray() && a.isArray()) {
            out.add(change(path, "Array").set("children", diffArrays(b, a)));
        } else {
            ObjectNode c = change(path, "Modify");
            c.set("before", b);
            c.set("after", a);
            out.add(c);
        }
    }

    /** Array elements by index; an element that is an object and changed lists its own changes as children. */
    private static ArrayNode diffArrays(JsonNode before, JsonNode after) {
        ArrayNode out = Json.arr();
        int n = Math.max(before.size(), after.size());
        for (int i = 0; i < n; i++) {
            diffValues(String.valueOf(i), before.get(i), after.get(i), out, false);
        }
        return out;
    }

    private static ObjectNode change(String path, String type) {
        return Json.obj().put("path", path).put("propertyChangeType", type);
    }
}
