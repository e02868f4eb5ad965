package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Compares the shape of a sandbox answer with a reference body: every field of the reference must
 * exist in ours with the same JSON type, at every level (array elements of ours are compared with the
 * reference's first element). Enum-like values at the given paths must use the reference's casing.
 * Paths use "." for fields and "[]" for array elements, e.g. "value[].properties.scope". Element i of
 * ours is compared with element i of the reference (or its last one), so lists of differently shaped
 * entries (rotation policy actions) compare position by position. Objects named "tags" or
 * "userAssignedIdentities" are dictionaries: their keys are data, only the value types count.
 * Exempt paths are deliberate, documented deviations; extra fields in ours are allowed.
 */
final class ShapeComparator {

    private final Set<String> exempt;
    private final Set<String> enumPaths;

    ShapeComparator(Set<String> exempt, Set<String> enumPaths) {
        this.exempt = exempt;
        this.enumPaths = enumPaths;
    }

    List<String> compare(JsonNode reference, JsonNode ours) {
        List<String> problems = new ArrayList<>();
        walk("", reference, ours, problems);
        return problems;
    }

    private void walk(String path, JsonNode ref, JsonNode ours, List<String> problems) {
        if (exempt.contains(path)) {
            return;
        }
        String where = path.isEmpty() ? "$" : path;
        if (ours == null || ours.isMissingNode()) {
            problems.add(where + ": missing (reference has " + ref.getNodeType() + ")");
            return;
        }
        String last = path.substring(path.lastIndexOf('.') + 1);
        if (ref.isObject() && (last.equals("tags") || last.equals("userAssignedIdentities"))) {
            if (!ours.isObject()) {
                problems.add(where + ": expected an object (a dictionary), got " + ours.getNodeType());
            } else if (ref.size() > 0) {
                JsonNode sample = ref.elements().next();
                ours.fields().forEachRemaining(e -> walk(path + "{}", sample, e.getValue(), problems));
            }
            return;
        }
        if (ref.isObject()) {
            if (!ours.isObject()) {
                problems.add(where + ": expected an object, got " + ours.getNodeType());
                return;
            }
            for (Iterator<String> it = ref.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                walk(path.isEmpty() ? f : path + "." + f, ref.get(f), ours.get(f), problems);
            }
        } else if (ref.isArray()) {
            if (!ours.isArray()) {
                problems.add(where + ": expected an array, got " + ours.getNodeType());
                return;
            }
            if (ref.size() > 0) {
                for (int i = 0; i < ours.size(); i++) {
                    walk(path + "[]", ref.get(Math.min(i, ref.size() - 1)), ours.get(i), problems);
                }
            }
        } else if (ref.isNumber() != ours.isNumber() || ref.isTextual() != ours.isTextual()
                || ref.isBoolean() != ours.isBoolean() || ref.isNull() != ours.isNull()) {
            problems.add(where + ": expected " + ref.getNodeType() + ", got " + ours.getNodeType() + " (" + ours + ")");
        } else if (ref.isIntegralNumber() != ours.isIntegralNumber()) {
            problems.add(where + ": expected an " + (ref.isIntegralNumber() ? "integer" : "decimal") + ", got " + ours);
        } else if (enumPaths.contains(path) && ref.isTextual()) {
            String a = ref.asText();
            String b = ours.asText();
            boolean sameWord = a.equalsIgnoreCase(b);
            if ((sameWord && !a.equals(b)) || (!sameWord && !a.isEmpty() && !b.isEmpty()
                    && Character.isUpperCase(a.charAt(0)) != Character.isUpperCase(b.charAt(0)))) {
                problems.add(where + ": enum casing differs: reference '" + a + "', ours '" + b + "'");
            }
        }
    }
}
