package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.world.AccessPolicy;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * PUT …/vaults/{v}/accessPolicies/{add|replace|remove} (2024-11-01, updateAccessPoliciesAdd.json).
 * Entries are matched by tenantId + objectId. add unions the permissions per category, replace
 * sets them, remove takes the listed ones away and drops an entry left with none.
 */
final class AccessPolicyWrites {

    static final List<String> KEY_PERMISSIONS = List.of("all", "encrypt", "decrypt", "wrapKey", "unwrapKey", "sign", "verify",
            "get", "list", "create", "update", "import", "delete", "backup", "restore", "recover", "purge", "release", "rotate",
            "getrotationpolicy", "setrotationpolicy");
    static final List<String> SECRET_PERMISSIONS = List.of("all", "get", "list", "set", "delete", "backup", "restore",
            "recover", "purge");
    static final List<String> CERTIFICATE_PERMISSIONS = List.of("all", "get", "list", "delete", "create", "import", "update",
            "managecontacts", "getissuers", "listissuers", "setissuers", "deleteissuers", "manageissuers", "recover", "purge",
            "backup", "restore");

    private AccessPolicyWrites() {
    }

    /** Applies the change and answers the VaultAccessPolicyParameters body (the request's policies, normalized). */
    static ObjectNode update(WorldState w, Vault v, String operationKind, JsonNode body) {
        String kind = operationKind.toLowerCase(Locale.ROOT);
        if (!List.of("add", "replace", "remove").contains(kind)) {
            throw ArmException.badRequest("InvalidOperationKind", "The access policy operation '" + operationKind
                    + "' is not valid; use add, replace or remove.");
        }
        JsonNode list = body == null ? null : body.path("properties").path("accessPolicies");
        if (list == null || !list.isArray()) {
            throw ArmException.invalidContent("The request content was invalid: properties.accessPolicies (an array) is required.");
        }
        List<AccessPolicy> requested = new ArrayList<>();
        for (JsonNode e : list) {
            requested.add(parse(e));
        }
        for (AccessPolicy req : requested) {
            Optional<AccessPolicy> match = v.accessPolicies.stream().filter(p -> p.objectId.equalsIgnoreCase(req.objectId)
                    && p.tenantId.equalsIgnoreCase(req.tenantId)).findFirst();
            switch (kind) {
                case "add" -> match.ifPresentOrElse(p -> {
                    union(p.keys, req.keys);
                    union(p.secrets, req.secrets);
                    union(p.certificates, req.certificates);
                }, () -> v.accessPolicies.add(req));
                case "replace" -> match.ifPresentOrElse(p -> {
                    p.keys = req.keys;
                    p.secrets = req.secrets;
                    p.certificates = req.certificates;
                }, () -> v.accessPolicies.add(req));
                default -> match.ifPresent(p -> {
                    subtract(p.keys, req.keys);
                    subtract(p.secrets, req.secrets);
                    subtract(p.certificates, req.certificates);
                    if (p.keys.isEmpty() && p.secrets.isEmpty() && p.certificates.isEmpty()) {
                        v.accessPolicies.remove(p);
                    }
                });
            }
        }
        ArrayNode echoed = Json.arr();
        requested.forEach(p -> echoed.add(json(p)));
        ObjectNode props = Json.obj();
        props.set("accessPolicies", echoed);
        ObjectNode out = Json.obj().put("id", v.id(w.subscriptionOf(v.resourceGroup)) + "/accessPolicies/")
                .put("type", "Microsoft.KeyVault/vaults/accessPolicies");
        out.set("properties", props);
        return out;
    }

    private static AccessPolicy parse(JsonNode e) {
        String tenant = e.path("tenantId").asText("");
        String object = e.path("objectId").asText("");
        if (tenant.isBlank() || object.isBlank()) {
            throw ArmException.badRequest("BadRequest", "Each access policy needs tenantId and objectId.");
        }
        AccessPolicy p = new AccessPolicy();
        p.tenantId = tenant;
        p.objectId = object;
        JsonNode perms = e.path("permissions");
        p.keys = permissions(perms.path("keys"), KEY_PERMISSIONS, "keys");
        p.secrets = permissions(perms.path("secrets"), SECRET_PERMISSIONS, "secrets");
        p.certificates = permissions(perms.path("certificates"), CERTIFICATE_PERMISSIONS, "certificates");
        return p;
    }

    /** Permission names are matched case-insensitively and stored in the spec's spelling. */
    private static List<String> permissions(JsonNode arr, List<String> allowed, String category) {
        List<String> out = new ArrayList<>();
        if (arr.isMissingNode() || arr.isNull()) {
            return out;
        }
        if (!arr.isArray()) {
            throw ArmException.invalidContent("The request content was invalid: permissions." + category + " must be an array.");
        }
        for (JsonNode n : arr) {
            String spelled = allowed.stream().filter(a -> a.equalsIgnoreCase(n.asText())).findFirst()
                    .orElseThrow(() -> ArmException.badRequest("BadRequest", "The " + category + " permission '" + n.asText()
                            + "' is not valid. Valid values: " + String.join(", ", allowed) + "."));
            union(out, List.of(spelled));
        }
        return out;
    }

    private static void union(List<String> into, List<String> add) {
        for (String a : add) {
            if (into.stream().noneMatch(x -> x.equalsIgnoreCase(a))) {
                into.add(a);
            }
        }
    }

    private static void subtract(List<String> from, List<String> remove) {
        from.removeIf(x -> remove.stream().anyMatch(r -> r.equalsIgnoreCase(x)));
    }

    private static ObjectNode json(AccessPolicy p) {
        ObjectNode perms = Json.obj();
        perms.set("keys", Json.arr(p.keys));
        perms.set("secrets", Json.arr(p.secrets));
        perms.set("certificates", Json.arr(p.certificates));
        ObjectNode o = Json.obj().put("tenantId", p.tenantId).put("objectId", p.objectId);
        o.set("permissions", perms);
        return o;
    }
}
