package dev.dicomcmk.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The built-in roles that matter for a CMK key, so that the common ones need no lookup. GUIDs and
 * data actions from the Azure built-in roles reference (see reference/docs/roles-excerpts.md).
 */
public final class BuiltInRoles {

    private static final String KV = "Microsoft.KeyVault/vaults/";
    private static final String HSM = "Microsoft.KeyVault/managedHsm/";

    public static final RoleDefinition KV_CRYPTO_SERVICE_ENCRYPTION_USER = new RoleDefinition(
            "e147488a-f6f5-4113-8e2d-b22465e65bf6", "Key Vault Crypto Service Encryption User",
            List.of(KV + "keys/read", KV + "keys/wrap/action", KV + "keys/unwrap/action"), List.of());
    public static final RoleDefinition KV_CRYPTO_OFFICER = new RoleDefinition(
            "14b46e9e-c2b7-41b4-b07b-48a6ebf60603", "Key Vault Crypto Officer",
            List.of(KV + "keys/*", KV + "keyrotationpolicies/*"), List.of());
    public static final RoleDefinition KV_CRYPTO_USER = new RoleDefinition(
            "12338af0-0e69-4776-bea7-57ae8d297424", "Key Vault Crypto User",
            List.of(KV + "keys/read", KV + "keys/update/action", KV + "keys/backup/action", KV + "keys/encrypt/action",
                    KV + "keys/decrypt/action", KV + "keys/wrap/action", KV + "keys/unwrap/action",
                    KV + "keys/sign/action", KV + "keys/verify/action"), List.of());
    public static final RoleDefinition KV_ADMINISTRATOR = new RoleDefinition(
            "00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator", List.of(KV + "*"), List.of());
    public static final RoleDefinition KV_READER = new RoleDefinition(
            "21090545-7ca7-4776-b22c-e363652d74d2", "Key Vault Reader",
            List.of(KV + "*/read", KV + "secrets/readMetadata/action"), List.of());
    public static final RoleDefinition KV_CRYPTO_SERVICE_RELEASE_USER = new RoleDefinition(
            "08bbd89e-9f13-488c-ac41-acfcb10c90ab", "Key Vault Crypto Service Release User",
            List.of(KV + "keys/release/action"), List.of());
    public static final RoleDefinition KV_CONTRIBUTOR = new RoleDefinition(
            "f25e0fa2-a7c8-4377-a976-54943a77a395", "Key Vault Contributor", List.of(), List.of());
    public static final RoleDefinition OWNER = new RoleDefinition(
            "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", List.of(), List.of());
    public static final RoleDefinition CONTRIBUTOR = new RoleDefinition(
            "b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor", List.of(), List.of());
    public static final RoleDefinition READER = new RoleDefinition(
            "acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", List.of(), List.of());

    public static final RoleDefinition HSM_CRYPTO_SERVICE_ENCRYPTION_USER = new RoleDefinition(
            "33413926-3206-4cdd-b39a-83574fe37a17", "Managed HSM Crypto Service Encryption User",
            List.of(HSM + "keys/read/action", HSM + "keys/wrap/action", HSM + "keys/unwrap/action"), List.of());
    public static final RoleDefinition HSM_CRYPTO_USER = new RoleDefinition(
            "21dbd100-6940-42c2-9190-5d6cb909625b", "Managed HSM Crypto User",
            List.of(HSM + "keys/read/action", HSM + "keys/write/action", HSM + "keys/create", HSM + "keys/delete",
                    HSM + "keys/import/action", HSM + "keys/backup/action", HSM + "keys/restore/action",
                    HSM + "keys/encrypt/action", HSM + "keys/decrypt/action", HSM + "keys/wrap/action",
                    HSM + "keys/unwrap/action", HSM + "keys/sign/action", HSM + "keys/verify/action",
                    HSM + "keys/release/action", HSM + "rng/action"), List.of());
    public static final RoleDefinition HSM_CRYPTO_OFFICER = new RoleDefinition(
            "515eb02d-2335-4d2d-92f2-b1cbdf9c3778", "Managed HSM Crypto Officer",
            List.of(HSM + "roleAssignments/*", HSM + "roleDefinitions/*", HSM + "keys/export/action",
                    HSM + "keys/deletedKeys/*", HSM + "keys/read/action"), List.of());
    public static final RoleDefinition HSM_ADMINISTRATOR = new RoleDefinition(
            "a290e904-7015-4bba-90c8-60543313cdb4", "Managed HSM Administrator",
            List.of(HSM + "securitydomain/*", HSM + "backup/*", HSM + "restore/*", HSM + "roleAssignments/*",
                    HSM + "roleDefinitions/*"), List.of());
    public static final RoleDefinition HSM_CRYPTO_AUDITOR = new RoleDefinition(
            "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3", "Managed HSM Crypto Auditor",
            List.of(HSM + "keys/read/action", HSM + "keys/deletedKeys/read/action"), List.of());
    public static final RoleDefinition HSM_POLICY_ADMINISTRATOR = new RoleDefinition(
            "4bd23610-cdcf-4971-bdee-bdc562cc28e4", "Managed HSM Policy Administrator",
            List.of(HSM + "roleAssignments/*", HSM + "roleDefinitions/*"), List.of());
    public static final RoleDefinition HSM_BACKUP = new RoleDefinition(
            "7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8", "Managed HSM Backup",
            List.of(HSM + "backup/*", HSM + "keys/backup/action"), List.of());

    /** The data actions a DICOM service's identity needs on its key. */
    public static final List<String> KEY_VAULT_NEEDED = List.of(KV + "keys/read", KV + "keys/wrap/action",
            KV + "keys/unwrap/action");
    public static final List<String> MANAGED_HSM_NEEDED = List.of(HSM + "keys/read/action", HSM + "keys/wrap/action",
            HSM + "keys/unwrap/action");

    /** Data actions beyond what the service needs; holding any of them breaks least privilege. */
    public static final List<String> KEY_VAULT_BEYOND_NEEDED = List.of(KV + "keys/create/action", KV + "keys/delete",
            KV + "keys/update/action", KV + "keys/backup/action", KV + "keys/restore/action", KV + "keys/import/action",
            KV + "keys/rotate/action", KV + "keys/encrypt/action", KV + "keys/decrypt/action", KV + "keys/sign/action",
            KV + "keys/release/action", KV + "keyrotationpolicies/write", KV + "deletedKeys/delete");
    public static final List<String> MANAGED_HSM_BEYOND_NEEDED = List.of(HSM + "keys/create", HSM + "keys/delete",
            HSM + "keys/write/action", HSM + "keys/export/action", HSM + "keys/backup/action", HSM + "keys/import/action",
            HSM + "keys/encrypt/action", HSM + "keys/decrypt/action", HSM + "keys/sign/action",
            HSM + "keys/release/action", HSM + "roleAssignments/write/action");

    /** Access-policy permissions the service needs (Key Vault access-policy model). */
    public static final List<String> ACCESS_POLICY_NEEDED = List.of("get", "wrapKey", "unwrapKey");

    private static final Map<String, RoleDefinition> BY_GUID = Stream.of(
                    KV_CRYPTO_SERVICE_ENCRYPTION_USER, KV_CRYPTO_OFFICER, KV_CRYPTO_USER, KV_ADMINISTRATOR, KV_READER,
                    KV_CRYPTO_SERVICE_RELEASE_USER, KV_CONTRIBUTOR, OWNER, CONTRIBUTOR, READER,
                    HSM_CRYPTO_SERVICE_ENCRYPTION_USER, HSM_CRYPTO_USER, HSM_CRYPTO_OFFICER, HSM_ADMINISTRATOR,
                    HSM_CRYPTO_AUDITOR, HSM_POLICY_ADMINISTRATOR, HSM_BACKUP)
            .collect(Collectors.toUnmodifiableMap(RoleDefinition::guid, Function.identity()));

    private BuiltInRoles() {
    }

    public static Optional<RoleDefinition> byGuid(String guid) {
        return guid == null ? Optional.empty() : Optional.ofNullable(BY_GUID.get(guid.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The GUID at the end of a roleDefinitionId in any of its forms (tenant-, subscription- or HSM-scoped). */
    public static String guidOf(String roleDefinitionId) {
        if (roleDefinitionId == null) {
            return null;
        }
        String s = roleDefinitionId.endsWith("/") ? roleDefinitionId.substring(0, roleDefinitionId.length() - 1) : roleDefinitionId;
        return s.substring(s.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
