package dev.dicomcmk.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two diagnoses of the same service, for --watch: an admin who has just fixed
 * something wants to see the cause clear and the service come back, not the same report again.
 */
public final class DiagnosisChanges {

    private DiagnosisChanges() {
    }

    /** One line per change: status, Resource Health, causes cleared and new. Empty when nothing changed. */
    public static List<String> between(Diagnosis before, Diagnosis after) {
        List<String> lines = new ArrayList<>();
        if (before.status() != after.status()) {
            lines.add("status: " + before.status() + " -> " + after.status() + ": " + after.summary());
        }
        String healthBefore = before.healthState();
        String healthAfter = after.healthState();
        if (!healthBefore.equals(healthAfter)) {
            lines.add("Resource Health: " + healthBefore + " -> " + healthAfter);
        }
        Map<String, Cause> was = byId(before);
        Map<String, Cause> now = byId(after);
        was.forEach((id, c) -> {
            if (!now.containsKey(id)) {
                lines.add("cleared: " + id + " (" + c.title() + ")");
            }
        });
        now.forEach((id, c) -> {
            if (!was.containsKey(id)) {
                lines.add("new: " + id + " (" + c.title() + "); fix: " + String.join("; then ", c.fix()));
            }
        });
        return lines;
    }

    private static Map<String, Cause> byId(Diagnosis d) {
        Map<String, Cause> m = new LinkedHashMap<>();
        d.causes().forEach(c -> m.putIfAbsent(c.id(), c));
        return m;
    }
}
