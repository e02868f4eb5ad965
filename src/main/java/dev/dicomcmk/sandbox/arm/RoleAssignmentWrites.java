package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.rbac.BuiltInRoles;
import dev.dicomcmk.sandbox.rbac.Scopes;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PUT and DELETE of Azure RBAC role assignments (2022-04-01) with ARM's refusals: an existing
 * principal+role+scope under another name (409 RoleAssignmentExists), an unknown role
 * (RoleDefinitionDoesNotExist), and a principal Entra has not replicated yet (PrincipalNotFound
 * for {@link #REPLICATION_SECONDS} after a managed identity appears, unless principalType is set,
 * which is the documented way around the delay: https://aka.ms/docs-principaltype).
 */
final class RoleAssignmentWrites {

    static final long REPLICATION_SECONDS = 20;
    private static final Pattern GUID = Pattern.compile("(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final List<String> PRINCIPAL_TYPES = List.of("User", "Group", "ServicePrincipal", "ForeignGroup", "Device");

    /** The assignment, whether it is new, and the roleDefinitionId as the request spelled it (the answer echoes it). */
    record PutResult(RoleAssignment assignment, boolean created, String roleDefinitionId) {
    }

    /** Whether the replication delay of new principals applies (a what-if preview does not call Entra). */
    enum Replication { SIMULATED, IGNORED }

    private RoleAssignmentWrites() {
    }

    static PutResult put(WorldState w, long now, String scopeIn, String name, JsonNode body, Replication replication) {
        String scope = trimScope(scopeIn);
        if (!GUID.matcher(name).matches()) {
            throw ArmException.badRequest("InvalidRoleAssignmentId", "The role assignment ID '" + name
                    + "' is not valid. The role assignment ID must be a GUID.");
        }
        JsonNode p = body == null ? null : body.path("properties");
        if (p == null || !p.isObject()) {
            throw ArmException.invalidContent("The request content was invalid: 'properties' with roleDefinitionId and"
                    + " principalId is required.");
        }
        String roleDefinitionId = p.path("roleDefinitionId").asText("");
        String principalId = p.path("principalId").asText("");
        if (!GUID.matcher(principalId).matches()) {
            throw ArmException.badRequest("InvalidPrincipalId", "A valid principal ID must be provided for role assignment.");
        }
        String roleGuid = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
        if (roleDefinitionId.isBlank() || BuiltInRoles.byGuid(roleGuid).isEmpty()) {
            throw ArmException.badRequest("RoleDefinitionDoesNotExist", "The specified role definition with ID '"
                    + roleGuid + "' does not exist.");
        }
        String principalType = principalType(p.path("principalType"));

        Optional<RoleAssignment> sameName = w.roleAssignments.stream()
                .filter(ra -> ra.name.equalsIgnoreCase(name) && sameScope(ra.scope, scope)).findFirst();
        if (sameName.isPresent()) {
            RoleAssignment ra = sameName.get();
            if (ra.principalId.equalsIgnoreCase(principalId) && ra.roleDefinitionGuid.equalsIgnoreCase(roleGuid)) {
                return new PutResult(ra, false, roleDefinitionId); // re-running a deployment re-PUTs the same assignment
            }
            throw ArmException.badRequest("RoleAssignmentUpdateNotPermitted",
                    "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
        }
        checkPrincipal(w, now, principalId, principalType, replication);
        boolean duplicate = w.roleAssignments.stream().anyMatch(ra -> ra.principalId.equalsIgnoreCase(principalId)
                && ra.roleDefinitionGuid.equalsIgnoreCase(roleGuid) && sameScope(ra.scope, scope));
        if (duplicate) {
            throw new ArmException(409, "RoleAssignmentExists", "The role assignment already exists.");
        }
        RoleAssignment ra = new RoleAssignment(name, scope, roleGuid.toLowerCase(Locale.ROOT), principalId, now);
        ra.principalType = principalType == null ? "ServicePrincipal" : principalType;
        ra.description = p.path("description").isTextual() ? p.path("description").asText() : null;
        w.roleAssignments.add(ra);
        return new PutResult(ra, true, roleDefinitionId);
    }

    static Optional<RoleAssignment> delete(WorldState w, String scopeIn, String name) {
        String scope = trimScope(scopeIn);
        Optional<RoleAssignment> ra = w.roleAssignments.stream()
                .filter(x -> x.name.equalsIgnoreCase(name) && sameScope(x.scope, scope)).findFirst();
        ra.ifPresent(w.roleAssignments::remove);
        return ra;
    }

    private static void checkPrincipal(WorldState w, long now, String principalId, String principalType, Replication replication) {
        Long age = w.directory.ageSeconds(principalId, now);
        boolean replicating = replication == Replication.SIMULATED && principalType == null
                && age != null && age < REPLICATION_SECONDS;
        if (w.directory.isDeleted(principalId) || replicating) {
            // Azure's message, principal id without dashes as it prints it
            throw ArmException.badRequest("PrincipalNotFound", "Principal " + principalId.replace("-", "").toLowerCase(Locale.ROOT)
                    + " does not exist in the directory " + w.tenantId + ". Check that you have the correct principal ID."
                    + " If you are creating this principal and then immediately assigning a role, this error might be related"
                    + " to a replication delay. In this case, set the role assignment principalType property to a value,"
                    + " such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype");
        }
    }

    private static String principalType(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        for (String t : PRINCIPAL_TYPES) {
            if (t.equalsIgnoreCase(node.asText())) {
                return t;
            }
        }
        throw ArmException.badRequest("InvalidPrincipalType", "The principal type '" + node.asText()
                + "' is not valid. Valid types: " + String.join(", ", PRINCIPAL_TYPES) + ".");
    }

    private static boolean sameScope(String a, String b) {
        return Scopes.normalize(a).equals(Scopes.normalize(b));
    }

    private static String trimScope(String scope) {
        String s = scope == null || scope.isBlank() ? "/" : scope;
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.startsWith("/") ? s : "/" + s;
    }
}
