package dev.dicomcmk.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in roles that matter for a CMK key and for the operator's own writes, so that the common
 * ones need no lookup. Read from one data file, built-in-roles.json beside this class (the sandbox reads
 * the same file with its own reader); a test holds that file to the documented role definitions.
 */
public final class BuiltInRoles {

    private static final String KV = "Microsoft.KeyVault/vaults/";
    private static final String HSM = "Microsoft.KeyVault/managedHsm/";
    /** The data file both the tool and the sandbox read. */
    public static final String RESOURCE = "/dev/dicomcmk/model/built-in-roles.json";

    private static final Map<String, RoleDefinition> AZURE = new LinkedHashMap<>();
    private static final Map<String, RoleDefinition> HSM_LOCAL = new LinkedHashMap<>();
    private static final Map<String, RoleDefinition> BY_GUID = new LinkedHashMap<>();

    static {
        JsonNode root = BuiltInRolesFile.read();
        for (JsonNode r : root.path("azureRoles")) {
            RoleDefinition d = BuiltInRolesFile.role(r);
            AZURE.put(d.guid(), d);
            BY_GUID.put(d.guid(), d);
        }
        for (JsonNode r : root.path("managedHsmRoles")) {
            RoleDefinition d = BuiltInRolesFile.role(r);
            HSM_LOCAL.put(d.guid(), d);
            BY_GUID.put(d.guid(), d);
        }
    }

    public static final RoleDefinition KV_CRYPTO_SERVICE_ENCRYPTION_USER = known("e147488a-f6f5-4113-8e2d-b22465e65bf6");
    public static final RoleDefinition KV_CRYPTO_OFFICER = known("14b46e9e-c2b7-41b4-b07b-48a6ebf60603");
    public static final RoleDefinition KV_CRYPTO_USER = known("12338af0-0e69-4776-bea7-57ae8d297424");
    public static final RoleDefinition KV_ADMINISTRATOR = known("00482a5a-887f-4fb3-b363-3b7fe8e74483");
    public static final RoleDefinition KV_READER = known("21090545-7ca7-4776-b22c-e363652d74d2");
    public static final RoleDefinition KV_CRYPTO_SERVICE_RELEASE_USER = known("08bbd89e-9f13-488c-ac41-acfcb10c90ab");
    public static final RoleDefinition KV_CONTRIBUTOR = known("f25e0fa2-a7c8-4377-a976-54943a77a395");
    public static final RoleDefinition OWNER = known("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    public static final RoleDefinition CONTRIBUTOR = known("b24988ac-6180-42a0-ab88-20f7382dd24c");
    public static final RoleDefinition READER = known("acdd72a7-3385-48ef-bd42-f606fba81ae7");
    public static final RoleDefinition USER_ACCESS_ADMINISTRATOR = known("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9");
    public static final RoleDefinition RBAC_ADMINISTRATOR = known("f58310d9-a9f6-439a-9e8d-f62e7b41a168");

    public static final RoleDefinition HSM_CRYPTO_SERVICE_ENCRYPTION_USER = known("33413926-3206-4cdd-b39a-83574fe37a17");
    public static final RoleDefinition HSM_CRYPTO_USER = known("21dbd100-6940-42c2-9190-5d6cb909625b");
    public static final RoleDefinition HSM_CRYPTO_OFFICER = known("515eb02d-2335-4d2d-92f2-b1cbdf9c3778");
    public static final RoleDefinition HSM_ADMINISTRATOR = known("a290e904-7015-4bba-90c8-60543313cdb4");
    public static final RoleDefinition HSM_CRYPTO_AUDITOR = known("2c18b078-7c48-4d3a-af88-5a3a1b3f82b3");
    public static final RoleDefinition HSM_POLICY_ADMINISTRATOR = known("4bd23610-cdcf-4971-bdee-bdc562cc28e4");
    public static final RoleDefinition HSM_BACKUP = known("7b127d3c-77bd-4e3e-bbe0-dbb8971fa7f8");

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

    private BuiltInRoles() {
    }

    private static RoleDefinition known(String guid) {
        RoleDefinition d = BY_GUID.get(guid);
        if (d == null) {
            throw new IllegalStateException(RESOURCE + " lacks role " + guid);
        }
        return d;
    }

    /** The Azure RBAC built-in roles (not the Managed HSM local ones), in the file's order. */
    public static List<RoleDefinition> azureRoles() {
        return List.copyOf(AZURE.values());
    }

    /**
     * The built-in roles that grant the action, control-plane or data (data actions are matched against
     * dataActions), in the file's order: Managed HSM local roles for a Managed HSM data action, else Azure's.
     */
    public static List<String> namesGranting(String action, boolean dataAction) {
        boolean hsm = dataAction && action.regionMatches(true, 0, HSM, 0, HSM.length());
        return (hsm ? HSM_LOCAL : AZURE).values().stream().filter(d -> dataAction ? d.permits(action) : d.permitsAction(action))
                .map(RoleDefinition::name).toList();
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
