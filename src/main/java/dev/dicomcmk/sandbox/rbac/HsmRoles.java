package dev.dicomcmk.sandbox.rbac;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Managed HSM local RBAC built-in roles (azure-docs managed-hsm/built-in-roles.md); actions under Microsoft.KeyVault/managedHsm. */
public final class HsmRoles {

    public static final String ADMINISTRATOR = "a290e904-7015-4bba-90c8-60543313cdb4";
    public static final String CRYPTO_OFFICER = "515eb02d-2335-4d2d-92f2-b1cbdf9c3778";
    public static final String CRYPTO_USER = "21dbd100-6940-42c2-9190-5d6cb909625b";
    public static final String POLICY_ADMINISTRATOR = "4bd23610-cdcf-4971-bdee-bdc562cc28e4";
    public static final String CRYPTO_AUDITOR = "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3";
    public static final String CRYPTO_SERVICE_ENCRYPTION_USER = "33413926-3206-4cdd-b39a-83574fe37a17";
    public static final String BACKUP = "7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8";

    private static final String P = "Microsoft.KeyVault/managedHsm/";
    private static final Map<String, RoleDefinition> ROLES = new LinkedHashMap<>();

    static {
        add(ADMINISTRATOR, "Managed HSM Administrator",
                "Grants permissions to perform all operations related to the security domain, full backup and restore, and role management. Not permitted to perform any key management operations.",
                "securitydomain/*", "backup/*", "restore/*", "roleAssignments/*", "roleDefinitions/*");
        add(CRYPTO_OFFICER, "Managed HSM Crypto Officer",
                "Grants permissions to perform all role management, purge or recover deleted keys, and export keys. Not permitted to perform any other key management operations.",
                "roleAssignments/*", "roleDefinitions/*", "keys/deletedKeys/*", "keys/export/action",
                "keys/read/action");
        add(CRYPTO_USER, "Managed HSM Crypto User",
                "Grants permissions to perform all key management operations except purge or recover deleted keys and export keys.",
                "keys/read/action", "keys/write/action", "keys/create", "keys/delete", "keys/backup/action",
                "keys/restore/action", "keys/import/action", "keys/encrypt/action", "keys/decrypt/action",
                "keys/wrap/action", "keys/unwrap/action", "keys/sign/action", "keys/verify/action",
                "keys/rotate/action", "keys/release/action", "keys/deletedKeys/read/action",
                "roleAssignments/read/action", "roleDefinitions/read/action", "rng/action");
        add(POLICY_ADMINISTRATOR, "Managed HSM Policy Administrator", "Grants permissions to create and delete role assignments.",
                "roleAssignments/*", "roleDefinitions/read/action");
        add(CRYPTO_AUDITOR, "Managed HSM Crypto Auditor", "Grants read permissions to read (but not use) key attributes.",
                "keys/read/action", "keys/deletedKeys/read/action", "roleAssignments/read/action",
                "roleDefinitions/read/action");
        add(CRYPTO_SERVICE_ENCRYPTION_USER, "Managed HSM Crypto Service Encryption User",
                "Grants permissions to use a key for service encryption.",
                "keys/read/action", "keys/wrap/action", "keys/unwrap/action");
        add(BACKUP, "Managed HSM Backup", "Grants permissions to perform single-key or whole-HSM backup.",
                "backup/start/action", "backup/status/action", "keys/backup/action");
    }

    private HsmRoles() {
    }

    private static void add(String guid, String name, String description, String... actions) {
        List<String> data = java.util.Arrays.stream(actions).map(a -> P + a).toList();
        ROLES.put(guid, new RoleDefinition(guid, name, description, List.of(), List.of(), data, List.of()));
    }

    public static Optional<RoleDefinition> byGuid(String guid) {
        return guid == null ? Optional.empty() : Optional.ofNullable(ROLES.get(guid.toLowerCase(java.util.Locale.ROOT)));
    }

    public static List<RoleDefinition> all() {
        return List.copyOf(ROLES.values());
    }
}
