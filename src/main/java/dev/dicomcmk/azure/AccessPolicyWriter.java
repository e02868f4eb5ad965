package dev.dicomcmk.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.keyvault.fluent.models.VaultAccessPolicyParametersInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicyEntry;
import com.azure.resourcemanager.keyvault.models.AccessPolicyUpdateKind;
import com.azure.resourcemanager.keyvault.models.KeyPermissions;
import com.azure.resourcemanager.keyvault.models.Permissions;
import com.azure.resourcemanager.keyvault.models.VaultAccessPolicyProperties;
import dev.dicomcmk.model.VaultFacts;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Adds key permissions for a principal to an access-policy vault (ARM merges them per object id), through the
 * typed vaults client (azure-resourcemanager-keyvault, {@link TypedArm}): {@code accessPolicies/add}.
 */
public final class AccessPolicyWriter {

    private final AzureSession session;

    public AccessPolicyWriter(AzureSession session) {
        this.session = session;
    }

    /** True when an access policy of the vault already gives the object these key permissions (or all). */
    public static boolean holds(VaultFacts vault, String objectId, List<String> keyPermissions) {
        return vault.accessPolicies().stream()
                .filter(p -> objectId.equalsIgnoreCase(p.objectId()))
                .anyMatch(p -> p.keyPermissions().stream().anyMatch("all"::equalsIgnoreCase)
                        || keyPermissions.stream().allMatch(n -> p.keyPermissions().stream().anyMatch(n::equalsIgnoreCase)));
    }

    public Grant add(VaultFacts vault, String tenantId, String objectId, List<String> keyPermissions) {
        if (holds(vault, objectId, keyPermissions)) {
            return Grant.ALREADY_GRANTED;
        }
        String operation = "add an access policy for " + objectId + " to " + vault.name();
        String subscriptionId = segmentAfter(vault.resourceId(), "subscriptions", operation);
        String resourceGroup = segmentAfter(vault.resourceId(), "resourcegroups", operation);
        String vaultName = segmentAfter(vault.resourceId(), "vaults", operation);
        VaultAccessPolicyParametersInner policy = new VaultAccessPolicyParametersInner().withProperties(
                new VaultAccessPolicyProperties().withAccessPolicies(List.of(new AccessPolicyEntry()
                        .withTenantId(tenant(tenantId, operation))
                        .withObjectId(objectId)
                        .withPermissions(new Permissions().withKeys(keyPermissions.stream()
                                .map(KeyPermissions::fromString).toList())))));
        TypedArm typed = session.typedArm();
        typed.call(operation, () -> typed.keyVault(subscriptionId).serviceClient().getVaults()
                .updateAccessPolicyWithResponse(resourceGroup, vaultName, AccessPolicyUpdateKind.ADD, policy, Context.NONE));
        return Grant.CREATED;
    }

    /** The segment after {@code name} in an ARM id (matched as ARM matches, ignoring case). */
    private static String segmentAfter(String id, String name, String operation) {
        String[] parts = id.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].toLowerCase(Locale.ROOT).equals(name) && !parts[i + 1].isEmpty()) {
                return parts[i + 1];
            }
        }
        throw new AzureFailure(AzureFailure.Kind.UNREADABLE, operation, 0, "UnreadableAnswer",
                "the vault's id has no " + name + " segment: " + AzureErrors.clean(id), null);
    }

    /** Entra tenant ids are GUIDs; ARM reported the vault's. */
    private static UUID tenant(String tenantId, String operation) {
        try {
            return UUID.fromString(tenantId);
        } catch (RuntimeException e) {
            throw new AzureFailure(AzureFailure.Kind.UNREADABLE, operation, 0, "UnreadableAnswer",
                    "the vault's tenant id is not a GUID: " + AzureErrors.clean(String.valueOf(tenantId)), e);
        }
    }
}
