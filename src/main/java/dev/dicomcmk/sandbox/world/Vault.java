package dev.dicomcmk.sandbox.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A key vault or a managed HSM: they share the keys data plane, so one class, told apart by kind.
 * enablePurgeProtection null = absent from ARM answers (what Azure returns when never turned on).
 */
public final class Vault {
    public static final String KIND_VAULT = "vault";
    public static final String KIND_MANAGED_HSM = "managedHSM";

    public String kind = KIND_VAULT;
    public String name;
    public String resourceGroup;
    public String location;
    public String tenantId;
    /** standard|premium for vaults, Standard_B1 for HSMs. */
    public String skuName = "premium";
    public boolean enableRbacAuthorization = true;
    public boolean enableSoftDelete = true;
    public int softDeleteRetentionInDays = 90;
    public Boolean enablePurgeProtection;
    public String publicNetworkAccess = "Enabled";
    public NetworkAcls networkAcls = new NetworkAcls();
    public List<AccessPolicy> accessPolicies = new ArrayList<>();
    public Map<String, String> tags = new LinkedHashMap<>();
    public long createdAt;
    public List<Key> keys = new ArrayList<>();
    public List<HsmRoleAssignment> localRoleAssignments = new ArrayList<>();
    public List<String> initialAdminObjectIds = new ArrayList<>();

    public boolean isManagedHsm() {
        return KIND_MANAGED_HSM.equals(kind);
    }

    /** A live (not deleted) key. */
    public Optional<Key> key(String keyName) {
        return keys.stream().filter(k -> !k.isDeleted() && k.name.equalsIgnoreCase(keyName)).findFirst();
    }

    public Optional<Key> deletedKey(String keyName) {
        return keys.stream().filter(k -> k.isDeleted() && k.name.equalsIgnoreCase(keyName)).findFirst();
    }

    public String host(String dnsZone) {
        return name.toLowerCase(java.util.Locale.ROOT) + "." + (isManagedHsm() ? "managedhsm." : "vault.") + dnsZone;
    }

    public String id(String subscriptionId) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/Microsoft.KeyVault/"
                + (isManagedHsm() ? "managedHSMs/" : "vaults/") + name;
    }

    public String armType() {
        return isManagedHsm() ? "Microsoft.KeyVault/managedHSMs" : "Microsoft.KeyVault/vaults";
    }
}
