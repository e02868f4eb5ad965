package dev.dicomcmk.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * ARM's what-if answer read as resource changes, and told one line per change: update-via-arm's
 * --what-if and --deploy and rotate-key's dry run (a service's own or its fleet's) all read it here.
 */
public final class WhatIfChanges {

    public record Change(String resourceId, String changeType, List<Delta> delta) {
    }

    public record Delta(String path, String change, JsonNode before, JsonNode after) {
    }

    private WhatIfChanges() {
    }

    /** Whether a what-if result holds any change (NoChange and Ignore are none). */
    public static boolean any(JsonNode result) {
        return of(result).stream().anyMatch(WhatIfChanges::changes);
    }

    /** ARM's what-if answer as a list of resource changes. */
    public static List<Change> of(JsonNode result) {
        JsonNode changes = result.path("properties").path("changes");
        if (changes.isMissingNode()) {
            changes = result.path("changes");
        }
        List<Change> list = new ArrayList<>();
        for (JsonNode c : changes) {
            List<Delta> deltas = new ArrayList<>();
            flatten(c.path("delta"), "", deltas);
            list.add(new Change(c.path("resourceId").asText(), c.path("changeType").asText(), deltas));
        }
        return list;
    }

    public static boolean changes(Change c) {
        return !("NoChange".equals(c.changeType()) || "Ignore".equals(c.changeType()));
    }

    /** One line per resource and one per changed leaf beneath it, control characters escaped. */
    public static List<String> lines(List<Change> list) {
        List<String> lines = new ArrayList<>();
        for (Change c : list) {
            lines.add(c.changeType() + "  " + Text.escapeControls(c.resourceId()));
            for (Delta d : c.delta()) {
                lines.add("    " + d.change() + "  " + Text.escapeControls(d.path()) + ": " + show(d.before()) + " => "
                        + show(d.after()));
            }
        }
        return lines;
    }

    /** What-if deltas nest for arrays and objects; one line per leaf reads best. */
    private static void flatten(JsonNode deltas, String prefix, List<Delta> out) {
        for (JsonNode d : deltas) {
            String path = prefix.isEmpty() ? d.path("path").asText() : prefix + "." + d.path("path").asText();
            if (d.has("children") && d.path("children").size() > 0) {
                flatten(d.path("children"), path, out);
            } else {
                out.add(new Delta(path, d.path("propertyChangeType").asText(), d.get("before"), d.get("after")));
            }
        }
    }

    private static String show(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "(none)";
        }
        String text = Text.escapeControls(v.toString());
        return text.length() <= 240 ? text : text.substring(0, 240) + "…";
    }
}
