package dev.dicomcmk.model;

import java.util.List;

/**
 * The least-privilege access one identity needs on the key, in the form the vault understands.
 *
 * @param scope          ARM scope (Azure RBAC), HSM scope such as /keys/k (local RBAC), or the vault id (access policy)
 * @param keyPermissions access-policy key permissions (empty for role grants)
 */
public record AccessGrant(Method method, String scope, String roleGuid, String roleName, List<String> keyPermissions) {

    public enum Method {
        AZURE_RBAC, ACCESS_POLICY, MANAGED_HSM_LOCAL_RBAC
    }

    public AccessGrant {
        keyPermissions = keyPermissions == null ? List.of() : List.copyOf(keyPermissions);
    }

    public String describe() {
        return switch (method) {
            case AZURE_RBAC -> roleName + " at " + scope;
            case MANAGED_HSM_LOCAL_RBAC -> "local role " + roleName + " at HSM scope " + scope;
            case ACCESS_POLICY -> "access policy with key permissions " + String.join(", ", keyPermissions);
        };
    }
}
