package dev.dicomcmk.sandbox;

import dev.dicomcmk.sandbox.rbac.BuiltInRoles;
import dev.dicomcmk.sandbox.rbac.HsmRoles;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.HsmRoleAssignment;
import dev.dicomcmk.sandbox.world.IdGenerator;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;
import dev.dicomcmk.sandbox.world.ResourceGroup;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.UserAssignedIdentity;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;
import dev.dicomcmk.sandbox.world.Workspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.dicomcmk.sandbox.SandboxIds.*;

/**
 * The named starting states. Every scenario is the common world (one CMK DICOM service on a
 * healthy Key Vault key) with one thing changed. Ids come from a generator seeded with the scenario
 * name, times are relative to the clock start: the same scenario always looks the same.
 */
public final class Scenarios {

    static final String DNS_ZONE = "sandbox.test";
    private static final long DAY = 86_400;
    private static final int MAX_FLEET = 2000;
    private static final Pattern FLEET = Pattern.compile("fleet-(\\d{1,4})");

    private record Scenario(String description, BiConsumer<WorldState, Long> change) {
    }

    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        add("healthy", "demo-dicom uses a versioned RSA-HSM 3072 key in demo-kv; its identity holds Crypto Service Encryption User on the key", (w, now) -> { });
        add("weak-key", "the key is RSA 4096 (a size the DICOM service does not accept)", (w, now) ->
                demoKey(w).versions.forEach(v -> { v.kty = "RSA"; v.keySize = 4096; }));
        add("ec-key", "the key is EC P-256 with key_ops sign, verify", (w, now) ->
                demoKey(w).versions.forEach(v -> { v.kty = "EC"; v.keySize = null; v.crv = "P-256"; v.keyOps = new ArrayList<>(List.of("sign", "verify")); }));
        add("unversioned-url", "the service's keyEncryptionKeyUrl has no version", (w, now) ->
                w.demoService().keyEncryptionKeyUrl = "https://demo-kv.vault." + DNS_ZONE + "/keys/demo-key");
        add("no-purge-protection", "demo-kv has no purge protection (the property is absent, as Azure returns it)", (w, now) ->
                w.vault(DEMO_VAULT).orElseThrow().enablePurgeProtection = null);
        add("firewall-blocked", "demo-kv's firewall denies by default with bypass None and no IP rules", (w, now) -> {
            Vault v = w.vault(DEMO_VAULT).orElseThrow();
            v.networkAcls.defaultAction = "Deny";
            v.networkAcls.bypass = "None";
        });
        add("identity-missing", "the service has no managed identity (type None) and no role assignment", (w, now) -> {
            DicomService s = w.demoService();
            w.roleAssignments.removeIf(r -> r.principalId.equals(s.principalId));
            s.identityType = "None";
            s.principalId = null;
            s.identityTenantId = null;
        });
        add("no-key-access", "the service's system identity exists but holds no role anywhere", (w, now) ->
                w.roleAssignments.removeIf(r -> r.principalId.equals(DEMO_DICOM_PRINCIPAL_ID)));
        add("officer-role", "the identity holds Key Vault Crypto Officer at vault scope instead of Crypto Service Encryption User", (w, now) -> {
            RoleAssignment ra = w.roleAssignments.stream().filter(r -> r.principalId.equals(DEMO_DICOM_PRINCIPAL_ID)).findFirst().orElseThrow();
            ra.roleDefinitionGuid = BuiltInRoles.KV_CRYPTO_OFFICER;
            ra.scope = w.vault(DEMO_VAULT).orElseThrow().id(w.subscriptionId);
        });
        add("other-tenant", "demo-kv belongs to another tenant (its challenge names that tenant)", (w, now) -> {
            w.vault(DEMO_VAULT).orElseThrow().tenantId = OTHER_TENANT_ID;
        });
        add("key-disabled", "the current key version is disabled (updated 10 minutes before the clock start)", (w, now) -> {
            KeyVersion cur = demoKey(w).latest();
            cur.enabled = false;
            cur.updated = now - 600;
        });
        add("key-expiring", "the current key version expires in 10 days", (w, now) -> demoKey(w).latest().exp = now + 10 * DAY);
        add("hsm-healthy", "the key lives in Managed HSM demo-hsm; the identity holds the HSM local role Crypto Service Encryption User at /keys/demo-key", Scenarios::hsm);
        add("reader-forbidden", "like healthy, but the operator has no data-plane role (key reads get 403 ForbiddenByRbac)", (w, now) ->
                w.roleAssignments.removeIf(r -> r.principalId.equals(OPERATOR_OBJECT_ID)
                        && r.roleDefinitionGuid.equals(BuiltInRoles.KV_CRYPTO_OFFICER)));
        add("operator-contributor", "like identity-missing, but the operator holds Contributor on demo-rg (and Crypto "
                + "Officer on demo-kv): it can redeploy the service but cannot assign roles", (w, now) -> {
            SCENARIOS.get("identity-missing").change().accept(w, now);
            operatorOnly(w, BuiltInRoles.CONTRIBUTOR, "/subscriptions/" + w.subscriptionId + "/resourceGroups/" + DEMO_RG, now);
        });
        add("operator-reader", "like healthy, but the operator holds only Reader on the subscription and Key Vault "
                + "Reader on demo-kv: it can read everything and change nothing", (w, now) -> {
            operatorOnly(w, BuiltInRoles.READER, "/subscriptions/" + w.subscriptionId, now);
            w.roleAssignments.removeIf(r -> r.principalId.equals(OPERATOR_OBJECT_ID)
                    && r.roleDefinitionGuid.equals(BuiltInRoles.KV_CRYPTO_OFFICER));
            w.roleAssignments.add(new RoleAssignment(fixedGuid("operator-kv-reader"), w.vault(DEMO_VAULT).orElseThrow().id(w.subscriptionId),
                    BuiltInRoles.KV_READER, OPERATOR_OBJECT_ID, now - 300 * DAY));
        });
        add("user-assigned", "the service uses user-assigned identity demo-uami, which holds Crypto Service Encryption User on the key", (w, now) -> {
            DicomService s = w.demoService();
            UserAssignedIdentity u = w.userAssignedIdentity(DEMO_RG, DEMO_UAMI).orElseThrow();
            s.identityType = "UserAssigned";
            s.principalId = null;
            s.identityTenantId = null;
            s.userAssignedIdentities = new ArrayList<>(List.of(u.id(w.subscriptionOf(u.resourceGroup))));
            w.roleAssignments.stream().filter(r -> r.principalId.equals(DEMO_DICOM_PRINCIPAL_ID)).forEach(r -> r.principalId = u.principalId);
        });
        add("identity-moved", "the service's user-assigned identity demo-uami was deleted and re-created: a new principal "
                + "without access, while the service still holds the old one", (w, now) -> {
            DicomService s = w.demoService();
            UserAssignedIdentity u = w.userAssignedIdentity(DEMO_RG, DEMO_UAMI).orElseThrow();
            String old = u.principalId;
            s.identityType = "UserAssigned";
            s.principalId = null;
            s.identityTenantId = null;
            s.userAssignedIdentities = new ArrayList<>(List.of(u.id(w.subscriptionOf(u.resourceGroup))));
            s.attachedPrincipals.put(u.id(w.subscriptionOf(u.resourceGroup)).toLowerCase(java.util.Locale.ROOT), old);
            // the old principal's role assignment is orphaned: it names a principal that no longer exists
            w.roleAssignments.stream().filter(r -> r.principalId.equals(DEMO_DICOM_PRINCIPAL_ID)).forEach(r -> r.principalId = old);
            u.principalId = w.ids.guid();
            u.clientId = w.ids.guid();
            u.createdAt = now - 3600;
        });
        add("access-lost-10m", "the identity's role assignment was removed 10 minutes ago (recovers by itself once restored)", (w, now) -> {
            w.roleAssignments.removeIf(r -> r.principalId.equals(DEMO_DICOM_PRINCIPAL_ID));
            w.demoService().accessLostAt = now - 600;
        });
        add("access-lost-45m", "the identity's role assignment was removed 45 minutes ago (needs a redeploy once restored)", (w, now) -> {
            w.roleAssignments.removeIf(r -> r.principalId.equals(DEMO_DICOM_PRINCIPAL_ID));
            w.demoService().accessLostAt = now - 2700;
        });
    }

    private Scenarios() {
    }

    private static void add(String name, String description, BiConsumer<WorldState, Long> change) {
        SCENARIOS.put(name, new Scenario(description, change));
    }

    public static List<ScenarioInfo> list() {
        List<ScenarioInfo> out = new ArrayList<>();
        SCENARIOS.forEach((n, s) -> out.add(new ScenarioInfo(n, s.description())));
        out.add(new ScenarioInfo("shared-key-N", "N (1.." + SharedKeyFleet.MAX_SERVICES + ") CMK services in four subscriptions,"
                + " all on " + SharedKeyFleet.KEY + " in " + SharedKeyFleet.VAULT + " at its two older versions; its newest version"
                + " is used by none (docs/fleets.md)"));
        // one entry for both fleet families: the README shows this list, and its length is capped
        out.add(new ScenarioInfo("fleet-N", "healthy demo service plus N (1.." + MAX_FLEET
                + ") CMK services fleet-rg/fleet-ws-WW/dicom-IIII, each with its own key fleet-key-IIII in fleet-kv;"
                + " fleet-N-in-M: N (1.." + SpreadFleet.MAX_SERVICES + ") spread across M (1.." + SpreadFleet.MAX_SUBSCRIPTIONS
                + ") subscriptions, three per key, some on old versions, one subscription another tenant's (docs/fleets.md)"));
        return out;
    }

    public static boolean exists(String name) {
        return name != null && (SCENARIOS.containsKey(name) || fleetSize(name) > 0 || SpreadFleet.size(name) != null
                || SharedKeyFleet.size(name) > 0);
    }

    /** Builds the world of a scenario at the given clock start (Unix seconds). */
    static WorldState seed(String name, long now) {
        if (!exists(name)) {
            throw new IllegalArgumentException("unknown sandbox scenario '" + name + "'; known: "
                    + String.join(", ", list().stream().map(ScenarioInfo::name).toList()));
        }
        WorldState w = common(name, now);
        int fleet = fleetSize(name);
        int[] spread = SpreadFleet.size(name);
        if (spread != null) {
            SpreadFleet.seed(w, now, spread[0], spread[1]);
        } else if (SharedKeyFleet.size(name) > 0) {
            SharedKeyFleet.seed(w, now, SharedKeyFleet.size(name));
        } else if (fleet > 0) {
            fleet(w, now, fleet);
        } else {
            SCENARIOS.get(name).change().accept(w, now);
        }
        return w;
    }

    private static int fleetSize(String name) {
        Matcher m = FLEET.matcher(name == null ? "" : name);
        if (!m.matches()) {
            return 0;
        }
        int n = Integer.parseInt(m.group(1));
        return n >= 1 && n <= MAX_FLEET ? n : 0;
    }

    private static WorldState common(String scenario, long now) {
        WorldState w = new WorldState();
        w.scenario = scenario;
        w.tenantId = TENANT_ID;
        w.subscriptionId = SUBSCRIPTION_ID;
        w.subscriptionName = SUBSCRIPTION_NAME;
        w.location = LOCATION;
        w.otherTenants.add(OTHER_TENANT_ID);
        w.ids = new IdGenerator("dicom-cmk-sandbox/" + scenario);
        w.resourceGroups.add(new ResourceGroup(DEMO_RG, LOCATION));

        Vault kv = vault(w, DEMO_VAULT, DEMO_RG, now - 400 * DAY);
        kv.enablePurgeProtection = true;
        Key key = new Key(DEMO_KEY);
        key.versions.add(rsaVersion(w, "RSA-HSM", 3072, now - 200 * DAY, now + 730 * DAY));
        key.versions.add(rsaVersion(w, "RSA-HSM", 3072, now - 40 * DAY, now + 730 * DAY));
        kv.keys.add(key);
        w.vaults.add(kv);

        w.workspaces.add(new Workspace(DEMO_WORKSPACE, DEMO_RG, LOCATION, now - 365 * DAY));
        DicomService s = service(w, DEMO_RG, DEMO_WORKSPACE, DEMO_DICOM, now - 300 * DAY, now - 40 * DAY);
        s.tags.put("env", "demo");
        s.identityType = "SystemAssigned";
        s.principalId = DEMO_DICOM_PRINCIPAL_ID;
        s.identityTenantId = TENANT_ID;
        s.keyEncryptionKeyUrl = keyUrl(kv, key);
        w.dicomServices.add(s);

        UserAssignedIdentity u = new UserAssignedIdentity();
        u.name = DEMO_UAMI;
        u.resourceGroup = DEMO_RG;
        u.location = LOCATION;
        u.principalId = DEMO_UAMI_PRINCIPAL_ID;
        u.clientId = DEMO_UAMI_CLIENT_ID;
        u.tenantId = TENANT_ID;
        u.createdAt = now - 100 * DAY;
        w.userAssignedIdentities.add(u);

        String vaultId = kv.id(w.subscriptionOf(kv.resourceGroup));
        w.roleAssignments.add(new RoleAssignment(w.ids.guid(), vaultId + "/keys/" + DEMO_KEY,
                BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER, DEMO_DICOM_PRINCIPAL_ID, now - 40 * DAY));
        w.roleAssignments.add(new RoleAssignment(w.ids.guid(), vaultId, BuiltInRoles.KV_CRYPTO_OFFICER,
                OPERATOR_OBJECT_ID, now - 400 * DAY));
        // the control plane as a real admin holds it: ARM authorizes every request (operator-* scenarios narrow it)
        // named apart from the id generator, so every id the scenarios drew before stays the same
        w.roleAssignments.add(new RoleAssignment(fixedGuid("operator-owner"), "/subscriptions/" + w.subscriptionId, BuiltInRoles.OWNER,
                OPERATOR_OBJECT_ID, now - 500 * DAY));
        return w;
    }

    /** Replaces the operator's control-plane Owner with the given role at the given scope (data roles stay). */
    private static void operatorOnly(WorldState w, String role, String scope, long now) {
        w.roleAssignments.removeIf(r -> r.principalId.equals(OPERATOR_OBJECT_ID) && r.roleDefinitionGuid.equals(BuiltInRoles.OWNER));
        w.roleAssignments.add(new RoleAssignment(fixedGuid("operator-" + role), scope, role, OPERATOR_OBJECT_ID, now - 300 * DAY));
    }

    private static String fixedGuid(String seed) {
        return java.util.UUID.nameUUIDFromBytes(("dicom-cmk-sandbox/" + seed).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    private static Key demoKey(WorldState w) {
        return w.vault(DEMO_VAULT).orElseThrow().key(DEMO_KEY).orElseThrow();
    }

    private static void hsm(WorldState w, long now) {
        w.roleAssignments.removeIf(r -> r.principalId.equals(DEMO_DICOM_PRINCIPAL_ID));
        Vault h = vault(w, DEMO_HSM, DEMO_RG, now - 400 * DAY);
        h.kind = Vault.KIND_MANAGED_HSM;
        h.skuName = "Standard_B1";
        h.enableRbacAuthorization = true;
        h.enablePurgeProtection = true;
        h.initialAdminObjectIds.add(OPERATOR_OBJECT_ID);
        Key key = new Key(DEMO_KEY);
        key.versions.add(rsaVersion(w, "RSA-HSM", 3072, now - 200 * DAY, now + 730 * DAY));
        key.versions.add(rsaVersion(w, "RSA-HSM", 3072, now - 40 * DAY, now + 730 * DAY));
        key.versions.forEach(v -> v.exportable = false);
        h.keys.add(key);
        h.localRoleAssignments.add(new HsmRoleAssignment(w.ids.guid(), "/", HsmRoles.ADMINISTRATOR, OPERATOR_OBJECT_ID));
        h.localRoleAssignments.add(new HsmRoleAssignment(w.ids.guid(), "/", HsmRoles.CRYPTO_USER, OPERATOR_OBJECT_ID));
        h.localRoleAssignments.add(new HsmRoleAssignment(w.ids.guid(), "/keys/" + DEMO_KEY,
                HsmRoles.CRYPTO_SERVICE_ENCRYPTION_USER, DEMO_DICOM_PRINCIPAL_ID));
        w.vaults.add(h);
        w.demoService().keyEncryptionKeyUrl = keyUrl(h, key);
    }

    private static void fleet(WorldState w, long now, int n) {
        w.resourceGroups.add(new ResourceGroup(FLEET_RG, LOCATION));
        Vault kv = vault(w, FLEET_VAULT, FLEET_RG, now - 500 * DAY);
        kv.enablePurgeProtection = true;
        w.vaults.add(kv);
        String vaultId = kv.id(w.subscriptionOf(kv.resourceGroup));
        w.roleAssignments.add(new RoleAssignment(w.ids.guid(), vaultId, BuiltInRoles.KV_CRYPTO_OFFICER,
                OPERATOR_OBJECT_ID, now - 500 * DAY));
        for (int i = 1; i <= n; i++) {
            int ws = (i - 1) / 20 + 1;
            String wsName = String.format("fleet-ws-%02d", ws);
            if ((i - 1) % 20 == 0) {
                w.workspaces.add(new Workspace(wsName, FLEET_RG, LOCATION, now - 450 * DAY));
            }
            // spread key ages so "older than" selections pick a predictable subset
            long created = now - (30 + (i * 37L) % 300) * DAY;
            String keyName = String.format("fleet-key-%04d", i);
            Key key = new Key(keyName);
            key.versions.add(rsaVersion(w, "RSA-HSM", 3072, created, created + 730 * DAY));
            kv.keys.add(key);
            DicomService s = service(w, FLEET_RG, wsName, String.format("dicom-%04d", i), created - DAY, created);
            s.identityType = "SystemAssigned";
            s.principalId = w.ids.guid();
            s.identityTenantId = w.tenantId;
            s.keyEncryptionKeyUrl = keyUrl(kv, key);
            s.tags.put("fleet", "true");
            w.dicomServices.add(s);
            w.roleAssignments.add(new RoleAssignment(w.ids.guid(), vaultId + "/keys/" + keyName,
                    BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER, s.principalId, created));
        }
    }

    private static Vault vault(WorldState w, String name, String rg, long created) {
        Vault v = new Vault();
        v.name = name;
        v.resourceGroup = rg;
        v.location = w.location;
        v.tenantId = w.tenantId;
        v.createdAt = created;
        return v;
    }

    private static KeyVersion rsaVersion(WorldState w, String kty, int size, long created, long exp) {
        KeyVersion v = new KeyVersion();
        v.version = w.ids.keyVersion();
        v.kty = kty;
        v.keySize = size;
        v.keyOps = new ArrayList<>(List.of("wrapKey", "unwrapKey", "encrypt", "decrypt"));
        v.created = created;
        v.updated = created;
        v.exp = exp;
        return v;
    }

    private static DicomService service(WorldState w, String rg, String ws, String name, long created, long modified) {
        DicomService s = new DicomService();
        s.name = name;
        s.workspace = ws;
        s.resourceGroup = rg;
        s.location = w.location;
        s.createdAt = created;
        s.lastModifiedAt = modified;
        s.etag = "\"" + w.ids.guid() + "\"";
        s.corsConfiguration = defaultCors();
        return s;
    }

    /** The CORS block a service created without one reports (nothing allowed). */
    private static com.fasterxml.jackson.databind.node.ObjectNode defaultCors() {
        var cors = Json.obj();
        cors.set("origins", Json.arr());
        cors.set("headers", Json.arr());
        cors.set("methods", Json.arr());
        cors.put("maxAge", 0).put("allowCredentials", false);
        return cors;
    }

    /** The versioned URL of a key's current version. */
    static String keyUrl(Vault v, Key key) {
        return "https://" + v.host(DNS_ZONE) + "/keys/" + key.name + "/" + key.latest().version;
    }
}
