package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.BuiltInRoles;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.RoleDefinition;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultKind;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The identities a key vault lets wrap and unwrap with one key without managing it: what a service's own identity
 * is granted to use a customer-managed key (Key Vault Crypto Service Encryption User, or an access policy of get,
 * wrapKey and unwrapKey). Administrators who may also create keys are left out: they are people and pipelines, not
 * services. Read from the vault (its permission model and access policies) and, for an Azure RBAC vault, the role
 * assignments at the key and above it (atScope()).
 */
public final class KeyAccessHolders {

    private static final String CREATE = "Microsoft.KeyVault/vaults/keys/create/action";

    /** An identity with service-like access to the key, and how it has it (for the message). */
    public record Holder(String principalId, String how) {
    }

    private final AzureSession session;

    public KeyAccessHolders(AzureSession session) {
        this.session = session;
    }

    /** @param vaultId the vault's ARM id (as the key's events name it) */
    public List<Holder> of(String vaultId, KeyUrl key) {
        String what = "key vault " + key.vaultName();
        VaultFacts vault = VaultReader.parse(VaultKind.KEY_VAULT, session.arm().getResource(vaultId, ApiVersions.KEY_VAULT_MGMT,
                VaultKind.KEY_VAULT.resourceType(), "read " + what));
        Map<String, Holder> out = new LinkedHashMap<>();
        if (!vault.rbacAuthorization()) {
            for (VaultFacts.AccessPolicy p : vault.accessPolicies()) {
                List<String> perms = p.keyPermissions().stream().map(x -> x.toLowerCase(Locale.ROOT)).toList();
                if (p.objectId() != null && perms.containsAll(List.of("get", "wrapkey", "unwrapkey")) && !perms.contains("create")) {
                    out.putIfAbsent(p.objectId().toLowerCase(Locale.ROOT), new Holder(p.objectId(), "an access policy of " + what));
                }
            }
            return List.copyOf(out.values());
        }
        String subscription = vaultId.split("/")[2];
        String filter = URLEncoder.encode("atScope()", StandardCharsets.UTF_8).replace("+", "%20");
        AccessReader roles = new AccessReader(session);
        for (JsonNode a : session.arm().list(vaultId + "/keys/" + key.keyName()
                + "/providers/Microsoft.Authorization/roleAssignments?$filter=" + filter, ApiVersions.AUTHORIZATION,
                "list role assignments on key " + key.keyName())) {
            String principal = Json.text(a, "properties", "principalId");
            String roleId = Json.text(a, "properties", "roleDefinitionId");
            if (principal == null || roleId == null) {
                throw Expected.list("role assignments").refused("list role assignments on key " + key.keyName(), 200,
                        session.arm().host(), "an assignment without its principal or role: " + Json.text(a, "id"));
            }
            RoleDefinition role = roles.role(subscription, roleId);
            if (BuiltInRoles.KEY_VAULT_NEEDED.stream().allMatch(role::permits) && !role.permits(CREATE)) {
                out.putIfAbsent(principal.toLowerCase(Locale.ROOT), new Holder(principal, role.name() + " at "
                        + Json.text(a, "properties", "scope")));
            }
        }
        return List.copyOf(out.values());
    }
}
