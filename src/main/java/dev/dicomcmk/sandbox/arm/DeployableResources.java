package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.arm.deploy.TemplateResource;
import dev.dicomcmk.sandbox.rbac.Scopes;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a deployment can do with a template resource, through the same writers the direct ARM calls
 * use: apply it, show its writable view (what-if's before/after: read-only properties left out)
 * and answer reference() for it. The resource types are the ones dicom-cmk deploys.
 */
public final class DeployableResources {

    private static final List<String> TYPES = List.of("microsoft.healthcareapis/workspaces/dicomservices",
            "microsoft.healthcareapis/workspaces", "microsoft.managedidentity/userassignedidentities",
            "microsoft.authorization/roleassignments", "microsoft.keyvault/vaults/accesspolicies");

    /** Whether a role assignment in a what-if preview should meet Entra's replication delay (it does not call Entra). */
    public enum Mode { APPLY, PREVIEW }

    private DeployableResources() {
    }

    public static boolean supports(String type) {
        return TYPES.contains(type.toLowerCase(Locale.ROOT));
    }

    public static List<String> supportedTypes() {
        return List.of("Microsoft.HealthcareApis/workspaces/dicomservices", "Microsoft.HealthcareApis/workspaces",
                "Microsoft.ManagedIdentity/userAssignedIdentities", "Microsoft.Authorization/roleAssignments",
                "Microsoft.KeyVault/vaults/accessPolicies");
    }

    /** Writes the resource; throws {@link ArmException} as the direct call would answer. Returns the HTTP status. */
    public static int apply(WorldState w, long now, TemplateResource r, Mode mode) {
        Target t = Target.of(w, r);
        JsonNode body = r.body();
        switch (t.type) {
            case "microsoft.healthcareapis/workspaces/dicomservices" -> {
                var res = DicomServiceWrites.put(w, now, t.rg, t.names.get(0), t.names.get(1), body, Preconditions.NONE);
                // ARM drives the provider's operation to its end before it reports the resource deployed
                AsyncOperations.settleFor(w, res.service().id(w.subscriptionOf(res.service().resourceGroup)), now);
                return res.created() ? 201 : 200;
            }
            case "microsoft.healthcareapis/workspaces" -> {
                return WorkspaceWrites.put(w, now, t.rg, t.names.get(0), body).created() ? 201 : 200;
            }
            case "microsoft.managedidentity/userassignedidentities" -> {
                return UserAssignedIdentityWrites.put(w, now, t.rg, t.names.get(0), body).created() ? 201 : 200;
            }
            case "microsoft.authorization/roleassignments" -> {
                var replication = mode == Mode.APPLY ? RoleAssignmentWrites.Replication.SIMULATED
                        : RoleAssignmentWrites.Replication.IGNORED;
                return RoleAssignmentWrites.put(w, now, t.scope, t.names.get(0), body, replication).created() ? 201 : 200;
            }
            default -> {
                Vault v = w.vault(t.names.get(0)).filter(x -> x.resourceGroup.equalsIgnoreCase(t.rg))
                        .orElseThrow(() -> new ArmException(404, "ResourceNotFound", "The Resource 'Microsoft.KeyVault/vaults/"
                                + t.names.get(0) + "' under resource group '" + t.rg + "' was not found."));
                AccessPolicyWrites.update(w, v, t.names.get(1), body);
                return 200;
            }
        }
    }

    /** The resource as it is in this world, without read-only properties; empty when it does not exist. */
    public static Optional<ObjectNode> writableView(WorldState w, TemplateResource r) {
        Target t = Target.of(w, r);
        Optional<ObjectNode> view = switch (t.type) {
            case "microsoft.healthcareapis/workspaces/dicomservices" ->
                    w.dicomService(t.rg, t.names.get(0), t.names.get(1)).map(s -> dicomView(w, s));
            case "microsoft.healthcareapis/workspaces" -> w.workspace(t.rg, t.names.get(0)).map(ws -> {
                ObjectNode o = ArmJson.workspace(w, ws);
                o.remove(List.of("etag", "systemData", "properties"));
                return o;
            });
            case "microsoft.managedidentity/userassignedidentities" -> w.userAssignedIdentity(t.rg, t.names.get(0)).map(u -> {
                ObjectNode o = ArmJson.userAssignedIdentity(w, u);
                o.remove(List.of("systemData", "properties"));
                return o;
            });
            case "microsoft.authorization/roleassignments" -> w.roleAssignments.stream()
                    .filter(ra -> ra.name.equalsIgnoreCase(t.names.get(0))
                            && Scopes.normalize(ra.scope).equals(Scopes.normalize(t.scope)))
                    .findFirst().map(ra -> roleAssignmentView(w, ra));
            default -> w.vault(t.names.get(0)).filter(x -> x.resourceGroup.equalsIgnoreCase(t.rg)).map(v -> {
                ObjectNode o = Json.obj().put("id", r.id()).put("name", r.name()).put("type", r.type());
                ObjectNode props = Json.obj();
                props.set("accessPolicies", ArmJson.vault(w, v).path("properties").path("accessPolicies").deepCopy());
                o.set("properties", props);
                return o;
            });
        };
        view.ifPresent(o -> o.put("apiVersion", r.apiVersion()));
        return view;
    }

    /**
     * reference(id[, apiVersion][, 'Full']) for the resources the sandbox knows: the GET body's
     * properties (or the whole body). Key Vault keys answer keyUri and keyUriWithVersion, which the
     * docs' template reads.
     */
    public static Optional<JsonNode> reference(WorldState w, String resourceId, boolean full) {
        String id = resourceId.replaceAll("/+$", "");
        String lower = id.toLowerCase(Locale.ROOT);
        Optional<ObjectNode> body = Optional.empty();
        for (DicomService s : w.dicomServices) {
            if (s.id(w.subscriptionOf(s.resourceGroup)).equalsIgnoreCase(id)) {
                body = Optional.of(ArmJson.dicomService(w, s));
            }
        }
        if (body.isEmpty() && lower.contains("/providers/microsoft.managedidentity/userassignedidentities/")) {
            body = w.userAssignedIdentityById(id).map(u -> ArmJson.userAssignedIdentity(w, u));
        }
        if (body.isEmpty() && lower.matches(".*/providers/microsoft\\.keyvault/vaults/[^/]+/keys/[^/]+")) {
            body = keyReference(w, id);
        }
        if (body.isEmpty() && lower.matches(".*/providers/microsoft\\.keyvault/vaults/[^/]+")) {
            String name = id.substring(id.lastIndexOf('/') + 1);
            body = w.vault(name).map(v -> ArmJson.vault(w, v));
        }
        if (body.isEmpty() && lower.matches(".*/providers/microsoft\\.healthcareapis/workspaces/[^/]+")) {
            String[] seg = id.split("/");
            body = w.workspace(seg[4], seg[seg.length - 1]).map(ws -> ArmJson.workspace(w, ws));
        }
        return body.map(b -> full ? b : b.path("properties"));
    }

    /** Microsoft.KeyVault/vaults/keys as ARM shows a key: keyUri and keyUriWithVersion of the current version. */
    private static Optional<ObjectNode> keyReference(WorldState w, String id) {
        String[] seg = id.split("/");
        String keyName = seg[seg.length - 1];
        String vaultName = seg[seg.length - 3];
        Optional<Vault> v = w.vault(vaultName);
        Optional<Key> k = v.flatMap(x -> x.key(keyName));
        if (k.isEmpty()) {
            return Optional.empty();
        }
        KeyVersion cur = k.get().latest();
        String uri = "https://" + v.get().host(SandboxContext.DNS_ZONE) + "/keys/" + k.get().name;
        ObjectNode props = Json.obj().put("kty", cur.kty).put("keyUri", uri).put("keyUriWithVersion", uri + "/" + cur.version);
        if (cur.keySize != null) {
            props.put("keySize", cur.keySize);
        }
        props.set("keyOps", Json.arr(cur.keyOps));
        props.set("attributes", Json.obj().put("enabled", cur.enabled));
        ObjectNode o = Json.obj().put("id", id).put("name", vaultName + "/" + keyName).put("type", "Microsoft.KeyVault/vaults/keys");
        o.set("properties", props);
        return Optional.of(o);
    }

    /** DICOM service without read-only parts: no etag, systemData, provisioning, URLs or principal ids. */
    private static ObjectNode dicomView(WorldState w, DicomService s) {
        ObjectNode o = ArmJson.dicomService(w, s);
        o.remove(List.of("etag", "systemData"));
        ObjectNode p = (ObjectNode) o.get("properties");
        p.remove(List.of("provisioningState", "authenticationConfiguration", "serviceUrl", "privateEndpointConnections",
                "eventState"));
        ObjectNode identity = (ObjectNode) o.get("identity");
        identity.remove(List.of("principalId", "tenantId"));
        if (identity.has("userAssignedIdentities")) {
            ObjectNode keys = Json.obj();
            identity.get("userAssignedIdentities").fieldNames().forEachRemaining(k -> keys.set(k.toLowerCase(Locale.ROOT), Json.obj()));
            identity.set("userAssignedIdentities", keys);
        }
        if (((ObjectNode) o.get("tags")).isEmpty()) {
            o.remove("tags");
        }
        return o;
    }

    private static ObjectNode roleAssignmentView(WorldState w, RoleAssignment ra) {
        ObjectNode p = Json.obj().put("principalId", ra.principalId.toLowerCase(Locale.ROOT))
                .put("roleDefinitionId", "/subscriptions/" + w.subscriptionId + "/providers/Microsoft.Authorization/roleDefinitions/"
                        + ra.roleDefinitionGuid);
        ObjectNode o = Json.obj().put("id", ra.id()).put("name", ra.name).put("type", "Microsoft.Authorization/roleAssignments");
        o.set("properties", p);
        return o;
    }

    /** Where a template resource lands: its type (lower case), resource group, name segments and, for extension resources, scope. */
    private record Target(String type, String rg, List<String> names, String scope) {

        static Target of(WorldState w, TemplateResource r) {
            String type = r.type().toLowerCase(Locale.ROOT);
            if (!supports(type)) {
                throw ArmException.badRequest("InvalidResourceType", "The sandbox does not deploy resources of type '" + r.type()
                        + "'; it deploys " + String.join(", ", supportedTypes()) + ".");
            }
            List<String> names = List.of(r.name().split("/"));
            int expected = type.split("/").length - 1;
            if (names.size() != expected) {
                throw ArmException.badRequest("InvalidTemplate", "The resource name '" + r.name() + "' of type '" + r.type()
                        + "' must have " + expected + " segment(s).");
            }
            String id = r.id();
            String rg = segmentAfter(id, "resourceGroups");
            String scope = null;
            if (type.equals("microsoft.authorization/roleassignments")) {
                int at = id.toLowerCase(Locale.ROOT).lastIndexOf("/providers/microsoft.authorization/roleassignments/");
                scope = at <= 0 ? "/" : id.substring(0, at);
            }
            return new Target(type, rg, names, scope);
        }

        private static String segmentAfter(String id, String name) {
            String[] seg = id.split("/");
            for (int i = 0; i + 1 < seg.length; i++) {
                if (seg[i].equalsIgnoreCase(name)) {
                    return seg[i + 1];
                }
            }
            return null;
        }
    }
}
