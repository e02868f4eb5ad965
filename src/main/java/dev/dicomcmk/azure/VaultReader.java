package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultKind;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Finds the vault or managed HSM behind a key URL by its name and reads it from ARM. */
public final class VaultReader {

    private final ArmClient arm;

    public VaultReader(ArmClient arm) {
        this.arm = arm;
    }

    /** Looks the vault up by name in the subscription; NOT_FOUND when it is not there. */
    public VaultFacts read(KeyUrl key, String subscriptionId) {
        return read(key, subscriptionId, null, null);
    }

    /**
     * As above; with a resource group where the vault probably is (the service's), reads it there directly
     * beside the lookup by name and takes that answer when it has one: the lookup then costs one round trip
     * instead of two. Safe because a vault's or HSM's name is its DNS name, unique across Azure, so the one of
     * that name in this subscription is the one the key URL names, wherever it is found. The vault is read
     * by the id the lookup found only when the direct read failed and the id is another one: never twice.
     */
    public VaultFacts read(KeyUrl key, String subscriptionId, String likelyResourceGroup, Executor executor) {
        String what = key.kind().displayName() + " " + key.vaultName();
        if (likelyResourceGroup == null || executor == null) {
            return readFound(key, subscriptionId, find(key, subscriptionId, what), what);
        }
        CompletableFuture<List<JsonNode>> byName = CompletableFuture.supplyAsync(() -> find(key, subscriptionId, what),
                executor);
        String guess = "/subscriptions/" + subscriptionId + "/resourceGroups/" + likelyResourceGroup + "/providers/"
                + key.kind().resourceType() + "/" + key.vaultName();
        AzureFailure notThere;
        try {
            VaultFacts direct = parse(key.kind(), arm.getResource(guess, ApiVersions.KEY_VAULT_MGMT, key.kind().resourceType(),
                    "read " + what));
            byName.cancel(true);
            return direct;
        } catch (AzureFailure e) {
            notThere = e; // elsewhere, or not readable there: the lookup by name decides
        }
        List<JsonNode> found;
        try {
            found = byName.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (!found.isEmpty() && guess.equalsIgnoreCase(Json.text(found.get(0), "id"))) {
            throw notThere; // the vault is where it was read: that read's failure is the answer
        }
        return readFound(key, subscriptionId, found, what);
    }

    /** Reads the key's vault by the ARM id it was found at (e.g. tenant-wide, by Resource Graph). */
    public VaultFacts readById(KeyUrl key, String id) {
        return parse(key.kind(), arm.getResource(id, ApiVersions.KEY_VAULT_MGMT, key.kind().resourceType(),
                "read " + key.kind().displayName() + " " + key.vaultName()));
    }

    /** The vaults of the key's name and type in the subscription (at most one: the name is a DNS name). */
    private List<JsonNode> find(KeyUrl key, String subscriptionId, String what) {
        String filter = "resourceType eq '" + key.kind().resourceType() + "' and name eq '" + key.vaultName() + "'";
        return arm.list("/subscriptions/" + subscriptionId + "/resources?$filter="
                + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"),
                ApiVersions.RESOURCES, "find " + what);
    }

    private VaultFacts readFound(KeyUrl key, String subscriptionId, List<JsonNode> found, String what) {
        if (found.isEmpty()) {
            throw new AzureFailure(AzureFailure.Kind.NOT_FOUND, "find " + what, 404, "ResourceNotFound",
                    what + " is not in subscription " + subscriptionId, null);
        }
        String id = Json.text(found.get(0), "id");
        if (id == null || !id.substring(id.lastIndexOf('/') + 1).equalsIgnoreCase(key.vaultName())) {
            // the lookup's answer names no vault, or another one: nothing to read by it
            throw Expected.resource(what, null, key.kind().resourceType()).refused("find " + what, 200, arm.host(),
                    id == null ? "a listed resource without an id" : "the resource " + id);
        }
        return parse(key.kind(), arm.getResource(id, ApiVersions.KEY_VAULT_MGMT, key.kind().resourceType(), "read " + what));
    }

    public static VaultFacts parse(VaultKind kind, JsonNode body) {
        JsonNode p = body.path("properties");
        List<VaultFacts.AccessPolicy> policies = new ArrayList<>();
        for (JsonNode ap : p.path("accessPolicies")) {
            List<String> keys = new ArrayList<>();
            ap.path("permissions").path("keys").forEach(k -> keys.add(k.asText()));
            policies.add(new VaultFacts.AccessPolicy(Json.text(ap, "tenantId"), Json.text(ap, "objectId"), keys));
        }
        List<String> ipRules = new ArrayList<>();
        p.path("networkAcls").path("ipRules").forEach(r -> ipRules.add(Json.text(r, "value")));
        boolean rbac = kind == VaultKind.MANAGED_HSM || Boolean.TRUE.equals(Json.bool(p, "enableRbacAuthorization"));
        return new VaultFacts(kind,
                Json.text(body, "id"),
                Json.text(body, "name"),
                Json.text(body, "location"),
                Json.text(p, "tenantId"),
                Json.bool(p, "enableSoftDelete"),
                Json.integer(p, "softDeleteRetentionInDays"),
                Json.bool(p, "enablePurgeProtection"),
                rbac,
                policies,
                Json.text(p, "networkAcls", "defaultAction"),
                Json.text(p, "networkAcls", "bypass"),
                ipRules,
                Json.text(p, "publicNetworkAccess"),
                p.path("privateEndpointConnections").size());
    }
}
