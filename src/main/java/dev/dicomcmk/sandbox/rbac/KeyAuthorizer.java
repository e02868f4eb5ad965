package dev.dicomcmk.sandbox.rbac;

import dev.dicomcmk.sandbox.world.AccessPolicy;
import dev.dicomcmk.sandbox.world.HsmRoleAssignment;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.List;
import java.util.Locale;

/**
 * Decides whether a principal may do a keys operation on a vault or managed HSM, under the model the
 * store uses: Azure RBAC (role assignments at or above the key's scope), access policies, or Managed
 * HSM local RBAC. Used both for the operator's data-plane calls and for a DICOM service's identity.
 */
public final class KeyAuthorizer {

    /** Why access was refused, for the 403 message. */
    public enum Model { RBAC, ACCESS_POLICY, HSM_LOCAL_RBAC }

    private KeyAuthorizer() {
    }

    public static Model model(Vault v) {
        if (v.isManagedHsm()) {
            return Model.HSM_LOCAL_RBAC;
        }
        return v.enableRbacAuthorization ? Model.RBAC : Model.ACCESS_POLICY;
    }

    /**
     * @param keyName the key the operation is on, or null for vault-wide operations (list keys, HSM roles)
     */
    public static boolean allowed(WorldState w, Vault v, String keyName, String principalId, String tenantId,
                                  KeyAction action) {
        return allowed(w, v, keyName, principalId, tenantId, action, w.roleAssignments);
    }

    /** As above, looking only at the given role assignments (callers pass a principal's own, pre-indexed). */
    public static boolean allowed(WorldState w, Vault v, String keyName, String principalId, String tenantId,
                                  KeyAction action, List<RoleAssignment> assignments) {
        if (principalId == null) {
            return false;
        }
        return switch (model(v)) {
            case RBAC -> action.rbacDataAction() != null
                    && rbacAllows(w, v, keyName, principalId, action.rbacDataAction(), assignments);
            case ACCESS_POLICY -> action.accessPolicyPermission() != null
                    && accessPolicyAllows(v, principalId, tenantId, action.accessPolicyPermission());
            case HSM_LOCAL_RBAC -> hsmAllows(v, keyName, principalId, action.hsmDataAction());
        };
    }

    /** The ARM scope of a key: the vault id + "/keys/{name}" (where a key-scoped role assignment lives). */
    public static String keyScope(WorldState w, Vault v, String keyName) {
        return v.id(w.subscriptionOf(v.resourceGroup)) + (keyName == null ? "" : "/keys/" + keyName);
    }

    private static boolean rbacAllows(WorldState w, Vault v, String keyName, String principalId, String dataAction,
                                      List<RoleAssignment> assignments) {
        String target = keyScope(w, v, keyName);
        for (RoleAssignment ra : assignments) {
            if (ra.principalId.equalsIgnoreCase(principalId) && Scopes.isAtOrAbove(ra.scope, target)) {
                var role = BuiltInRoles.byGuid(ra.roleDefinitionGuid);
                if (role.isPresent() && role.get().allowsDataAction(dataAction)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean accessPolicyAllows(Vault v, String principalId, String tenantId, String permission) {
        for (AccessPolicy p : v.accessPolicies) {
            if (p.objectId.equalsIgnoreCase(principalId) && (tenantId == null || p.tenantId.equalsIgnoreCase(tenantId))) {
                List<String> keys = p.keys.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
                if (keys.contains("all") || keys.contains(permission.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hsmAllows(Vault v, String keyName, String principalId, String dataAction) {
        String target = keyName == null ? "/keys" : "/keys/" + keyName;
        for (HsmRoleAssignment ra : v.localRoleAssignments) {
            if (ra.principalId.equalsIgnoreCase(principalId) && Scopes.hsmScopeCovers(ra.scope, target, dataAction)) {
                var role = HsmRoles.byGuid(ra.roleDefinitionGuid);
                if (role.isPresent() && role.get().allowsDataAction(dataAction)) {
                    return true;
                }
            }
        }
        return false;
    }
}
