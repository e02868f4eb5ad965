package dev.dicomcmk.sandbox.rbac;

/**
 * A keys data-plane operation and the permission it needs under each model: the Azure RBAC data
 * action, the Managed HSM local data action, and the access-policy permission name.
 */
public enum KeyAction {
    READ("Microsoft.KeyVault/vaults/keys/read", "keys/read/action", "get"),
    LIST("Microsoft.KeyVault/vaults/keys/read", "keys/read/action", "list"),
    CREATE("Microsoft.KeyVault/vaults/keys/create/action", "keys/create", "create"),
    UPDATE("Microsoft.KeyVault/vaults/keys/update/action", "keys/write/action", "update"),
    ROTATE("Microsoft.KeyVault/vaults/keys/rotate/action", "keys/rotate/action", "rotate"),
    DELETE("Microsoft.KeyVault/vaults/keys/delete", "keys/delete", "delete"),
    POLICY_READ("Microsoft.KeyVault/vaults/keyrotationpolicies/read", "keys/read/action", "getrotationpolicy"),
    POLICY_WRITE("Microsoft.KeyVault/vaults/keyrotationpolicies/write", "keys/write/action", "setrotationpolicy"),
    WRAP("Microsoft.KeyVault/vaults/keys/wrap/action", "keys/wrap/action", "wrapKey"),
    UNWRAP("Microsoft.KeyVault/vaults/keys/unwrap/action", "keys/unwrap/action", "unwrapKey"),
    DELETED_READ("Microsoft.KeyVault/vaults/keys/deletedKeys/read", "keys/deletedKeys/read/action", "list"),
    RECOVER("Microsoft.KeyVault/vaults/keys/recover/action", "keys/deletedKeys/recover/action", "recover"),
    PURGE("Microsoft.KeyVault/vaults/keys/purge/action", "keys/deletedKeys/delete", "purge"),
    ROLE_READ(null, "roleAssignments/read/action", null),
    ROLE_WRITE(null, "roleAssignments/write/action", null),
    ROLE_DELETE(null, "roleAssignments/delete/action", null),
    ROLE_DEFINITION_READ(null, "roleDefinitions/read/action", null);

    private final String rbacDataAction;
    private final String hsmDataAction;
    private final String accessPolicyPermission;

    KeyAction(String rbacDataAction, String hsmDataAction, String accessPolicyPermission) {
        this.rbacDataAction = rbacDataAction;
        this.hsmDataAction = hsmDataAction == null ? null : "Microsoft.KeyVault/managedHsm/" + hsmDataAction;
        this.accessPolicyPermission = accessPolicyPermission;
    }

    public String rbacDataAction() {
        return rbacDataAction;
    }

    public String hsmDataAction() {
        return hsmDataAction;
    }

    public String accessPolicyPermission() {
        return accessPolicyPermission;
    }
}
