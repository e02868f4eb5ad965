package dev.dicomcmk.sandbox;

import dev.dicomcmk.sandbox.rbac.BuiltInRoles;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;
import dev.dicomcmk.sandbox.world.ResourceGroup;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the generated fleet scenarios (fleet-N-in-M, shared-key-N) build alike: the fleet's vault in the home
 * subscription, its key versions, and a CMK DICOM service whose identity may wrap and unwrap with its key.
 */
final class FleetSeeding {

    static final long DAY = 86_400;

    private FleetSeeding() {
    }

    /** The vault (in fleet-rg of the home subscription, purge-protected) the operator is Crypto Officer on. */
    static Vault vault(WorldState w, long now, String name) {
        w.resourceGroups.add(new ResourceGroup(SandboxIds.FLEET_RG, SandboxIds.LOCATION));
        Vault kv = new Vault();
        kv.name = name;
        kv.resourceGroup = SandboxIds.FLEET_RG;
        kv.location = w.location;
        kv.tenantId = w.tenantId;
        kv.createdAt = now - 500 * DAY;
        kv.enablePurgeProtection = true;
        w.vaults.add(kv);
        w.roleAssignments.add(new RoleAssignment(w.ids.guid(), kv.id(w.subscriptionId), BuiltInRoles.KV_CRYPTO_OFFICER,
                SandboxIds.OPERATOR_OBJECT_ID, now - 500 * DAY));
        return kv;
    }

    /** An RSA-HSM 3072 key version made at {@code created}, valid for two years. */
    static KeyVersion version(WorldState w, long created) {
        KeyVersion v = new KeyVersion();
        v.version = w.ids.keyVersion();
        v.kty = "RSA-HSM";
        v.keySize = 3072;
        v.keyOps = new ArrayList<>(List.of("wrapKey", "unwrapKey", "encrypt", "decrypt"));
        v.created = created;
        v.updated = created;
        v.exp = created + 730 * DAY;
        return v;
    }

    /** A service on {@code pinned} of the key, its system identity Crypto Service Encryption User on the key. */
    static DicomService service(WorldState w, Vault kv, Key key, KeyVersion pinned, String resourceGroup, String workspace,
                                String name) {
        DicomService s = new DicomService();
        s.name = name;
        s.workspace = workspace;
        s.resourceGroup = resourceGroup;
        s.location = w.location;
        s.createdAt = pinned.created - DAY;
        s.lastModifiedAt = pinned.created;
        s.etag = "\"" + w.ids.guid() + "\"";
        s.identityType = "SystemAssigned";
        s.principalId = w.ids.guid();
        s.identityTenantId = w.tenantId;
        s.keyEncryptionKeyUrl = "https://" + kv.host(Scenarios.DNS_ZONE) + "/keys/" + key.name + "/" + pinned.version;
        var cors = Json.obj();
        cors.set("origins", Json.arr());
        cors.set("headers", Json.arr());
        cors.set("methods", Json.arr());
        cors.put("maxAge", 0).put("allowCredentials", false);
        s.corsConfiguration = cors;
        w.dicomServices.add(s);
        w.roleAssignments.add(new RoleAssignment(w.ids.guid(), kv.id(w.subscriptionId) + "/keys/" + key.name,
                BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER, s.principalId, pinned.created));
        return s;
    }

    /** A name-based (stable across runs) id for the seed. */
    static String fixedGuid(String seed) {
        return UUID.nameUUIDFromBytes(("dicom-cmk-sandbox/" + seed).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
