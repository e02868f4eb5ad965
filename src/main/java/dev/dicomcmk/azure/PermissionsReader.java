package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.EffectivePermissions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signed-in operator's effective permissions at a scope, from ARM's
 * {@code GET {scope}/providers/Microsoft.Authorization/permissions}: one entry per role assignment that
 * applies there. Answers are kept per scope for the run (a fleet shares its resource group's). What
 * cannot be read is answered as unreadable, with why, never as "no permissions" (I1).
 */
public final class PermissionsReader {

    private final ArmClient arm;
    private final Map<String, EffectivePermissions> cache = new ConcurrentHashMap<>();

    public PermissionsReader(ArmClient arm) {
        this.arm = arm;
    }

    public EffectivePermissions at(String scope) {
        return cache.computeIfAbsent(scope.toLowerCase(Locale.ROOT), k -> read(scope));
    }

    private EffectivePermissions read(String scope) {
        List<JsonNode> items;
        try {
            items = arm.list(scope + "/providers/Microsoft.Authorization/permissions", ApiVersions.AUTHORIZATION,
                    "read the operator's permissions at " + scope);
        } catch (AzureFailure f) {
            return EffectivePermissions.unreadable(scope, "the permissions answer could not be read: " + f.oneLine());
        }
        List<EffectivePermissions.Entry> entries = new ArrayList<>();
        for (JsonNode e : items) {
            if (!e.isObject()) {
                return EffectivePermissions.unreadable(scope, "the permissions answer is not a list of permissions");
            }
            entries.add(new EffectivePermissions.Entry(strings(e, "actions"), strings(e, "notActions"),
                    strings(e, "dataActions"), strings(e, "notDataActions"), Json.text(e, "condition")));
        }
        return new EffectivePermissions(scope, entries, null);
    }

    private static List<String> strings(JsonNode e, String field) {
        List<String> out = new ArrayList<>();
        e.path(field).forEach(n -> {
            if (n.isTextual()) {
                out.add(n.asText());
            }
        });
        return out;
    }
}
