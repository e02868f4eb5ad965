package dev.dicomcmk.sandbox.rbac;

import dev.dicomcmk.sandbox.world.RoleAssignment;

import java.util.ArrayList;
import java.util.List;

/**
 * ARM's control-plane authorization over role assignments and role definitions: a principal may
 * perform an action at a scope when one of its assignments at that scope or above (resource group,
 * subscription, root) has a role whose actions match and whose notActions do not. Deny by default;
 * data actions play no part here (Key Vault checks them, see {@link KeyAuthorizer}).
 */
public final class ArmPermissions {

    private ArmPermissions() {
    }

    /** One applicable assignment's permissions, as the permissions API lists them. */
    public record Entry(RoleAssignment assignment, RoleDefinition role) {
    }

    /** The assignments of the principal that apply at the scope (at or above it) with a role the sandbox knows. */
    public static List<Entry> effective(List<RoleAssignment> assignments, String principalId, String scope) {
        List<Entry> out = new ArrayList<>();
        if (principalId == null) {
            return out;
        }
        for (RoleAssignment ra : assignments) {
            if (ra.principalId.equalsIgnoreCase(principalId) && Scopes.isAtOrAbove(ra.scope, scope)) {
                BuiltInRoles.byGuid(ra.roleDefinitionGuid).ifPresent(role -> out.add(new Entry(ra, role)));
            }
        }
        return out;
    }

    public static boolean allows(List<RoleAssignment> assignments, String principalId, String action, String scope) {
        return effective(assignments, principalId, scope).stream().anyMatch(e -> e.role().allowsAction(action));
    }
}
