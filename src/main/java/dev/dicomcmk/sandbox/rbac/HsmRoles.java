package dev.dicomcmk.sandbox.rbac;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Managed HSM local RBAC built-in roles (azure-docs managed-hsm/built-in-roles.md); data actions under Microsoft.KeyVault/managedHsm, from the shared roles file. */
public final class HsmRoles {

    public static final String ADMINISTRATOR = "a290e904-7015-4bba-90c8-60543313cdb4";
    public static final String CRYPTO_OFFICER = "515eb02d-2335-4d2d-92f2-b1cbdf9c3778";
    public static final String CRYPTO_USER = "21dbd100-6940-42c2-9190-5d6cb909625b";
    public static final String POLICY_ADMINISTRATOR = "4bd23610-cdcf-4971-bdee-bdc562cc28e4";
    public static final String CRYPTO_AUDITOR = "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3";
    public static final String CRYPTO_SERVICE_ENCRYPTION_USER = "33413926-3206-4cdd-b39a-83574fe37a17";
    public static final String BACKUP = "7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8";

    private static final Map<String, RoleDefinition> ROLES = RolesFile.read("managedHsmRoles");

    private HsmRoles() {
    }

    public static Optional<RoleDefinition> byGuid(String guid) {
        return guid == null ? Optional.empty() : Optional.ofNullable(ROLES.get(guid.toLowerCase(java.util.Locale.ROOT)));
    }

    public static List<RoleDefinition> all() {
        return List.copyOf(ROLES.values());
    }
}
