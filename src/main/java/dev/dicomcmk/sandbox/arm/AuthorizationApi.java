package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.rbac.ArmPermissions;
import dev.dicomcmk.sandbox.rbac.BuiltInRoles;
import dev.dicomcmk.sandbox.rbac.RoleDefinition;
import dev.dicomcmk.sandbox.rbac.Scopes;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {scope}/providers/Microsoft.Authorization/roleAssignments[/{name}] and roleDefinitions[/{guid}] at
 * any scope. List filters: atScope() (at or above the scope), principalId eq '{id}' and
 * assignedTo('{id}') (that principal at, above or below), both combined with "and"; no filter = at,
 * above and below.
 */
final class AuthorizationApi {

    private static final Pattern PRINCIPAL = Pattern.compile("(?i)^principalId\\s+eq\\s+'([^']+)'$");
    private static final Pattern ASSIGNED_TO = Pattern.compile("(?i)^assignedTo\\('([^']+)'\\)$");
    private static final Pattern ROLE_NAME = Pattern.compile("(?i)^roleName\\s+eq\\s+'([^']+)'$");

    private final SandboxContext ctx;

    AuthorizationApi(SandboxContext ctx) {
        this.ctx = ctx;
    }

    Response handle(WorldState w, Request r, String callerObjectId, String scopeIn, String rest) {
        String scope = scopeIn.isEmpty() ? "/" : scopeIn;
        List<String> seg = List.of(rest.split("/"));
        String type = seg.get(0).toLowerCase(Locale.ROOT);
        if (type.equals("permissions") && seg.size() == 1 && r.method().equals("GET")) {
            Response bad = checkScope(w, scope);
            if (bad == null) {
                bad = ApiVersions.check(r, ApiVersions.PERMISSIONS, null, w.location);
            }
            return bad != null ? bad : permissions(w, callerObjectId, scope);
        }
        boolean assignment = type.equals("roleassignments") && seg.size() == 2;
        if (!r.method().equals("GET") && !(assignment && (r.method().equals("PUT") || r.method().equals("DELETE")))) {
            return ArmEndpoint.notSimulated(r);
        }
        Response badScope = checkScope(w, scope);
        if (badScope != null) {
            return badScope;
        }
        if (type.equals("roleassignments")) {
            Response bad = ApiVersions.check(r, ApiVersions.ROLE_ASSIGNMENTS, null, w.location);
            if (bad != null) {
                return bad;
            }
            return switch (r.method()) {
                case "PUT" -> putAssignment(w, r, scope, seg.get(1));
                case "DELETE" -> RoleAssignmentWrites.delete(w, scope, seg.get(1))
                        .map(ra -> Response.json(200, ArmJson.roleAssignment(w, ra)))
                        .orElseGet(() -> Response.empty(204));
                default -> seg.size() == 1 ? listAssignments(w, r, scope) : getAssignment(w, scope, seg.get(1));
            };
        }
        if (type.equals("roledefinitions")) {
            Response bad = ApiVersions.check(r, ApiVersions.ROLE_DEFINITIONS, null, w.location);
            if (bad != null) {
                return bad;
            }
            boolean tenantLevel = Scopes.normalize(scope).equals("/");
            if (seg.size() == 1) {
                return listDefinitions(w, r, tenantLevel);
            }
            Optional<RoleDefinition> d = BuiltInRoles.byGuid(seg.get(1));
            return d.map(def -> Response.json(200, ArmJson.roleDefinition(w, def, tenantLevel)))
                    .orElseGet(() -> ArmErrors.error(404, "RoleDefinitionDoesNotExist",
                            "The specified role definition with ID '" + seg.get(1) + "' does not exist."));
        }
        return ArmErrors.error(400, "InvalidResourceType", "The resource type '" + seg.get(0)
                + "' could not be found in the namespace 'Microsoft.Authorization' (the sandbox serves roleAssignments and roleDefinitions).");
    }

    /** 201 for a new assignment, 200 when the same one is PUT again; roleDefinitionId echoed as sent. */
    private Response putAssignment(WorldState w, Request r, String scope, String name) {
        try {
            var res = RoleAssignmentWrites.put(w, ctx.now(), scope, name, Json.parseOrNull(r.body()),
                    RoleAssignmentWrites.Replication.SIMULATED);
            return Response.json(res.created() ? 201 : 200, ArmJson.roleAssignmentCreated(w, res.assignment(), res.roleDefinitionId()));
        } catch (ArmException e) {
            return e.toResponse();
        }
    }

    /**
     * The caller's effective permissions at the scope: one entry per role assignment of the caller that
     * applies there (at the scope or above), with its role's four lists, as ARM answers them (WIRE.md 10).
     */
    private static Response permissions(WorldState w, String callerObjectId, String scope) {
        ArrayNode value = Json.arr();
        for (ArmPermissions.Entry e : ArmPermissions.effective(w.roleAssignments, callerObjectId, scope)) {
            var entry = value.addObject();
            e.role().actions().forEach(entry.putArray("actions")::add);
            e.role().notActions().forEach(entry.putArray("notActions")::add);
            e.role().dataActions().forEach(entry.putArray("dataActions")::add);
            e.role().notDataActions().forEach(entry.putArray("notDataActions")::add);
            if (e.assignment().condition != null) {
                entry.put("condition", e.assignment().condition).put("conditionVersion", "2.0");
            }
        }
        return Response.json(200, Json.obj().set("value", value));
    }

    /** The subscription in a scope must exist (ARM answers SubscriptionNotFound first). */
    private static Response checkScope(WorldState w, String scope) {
        List<String> seg = List.of(scope.replaceAll("^/+", "").split("/"));
        if (seg.size() >= 2 && seg.get(0).equalsIgnoreCase("subscriptions") && !w.tenantId.equalsIgnoreCase(String.valueOf(w.tenantOfSubscription(seg.get(1))))) {
            return ArmErrors.subscriptionNotFound(seg.get(1));
        }
        if (seg.size() >= 4 && seg.get(2).equalsIgnoreCase("resourceGroups") && w.resourceGroup(seg.get(1), seg.get(3)).isEmpty()) {
            return ArmErrors.resourceGroupNotFound(seg.get(3));
        }
        return null;
    }

    private Response listAssignments(WorldState w, Request r, String scope) {
        String filter = r.queryIgnoreCase("$filter");
        boolean atScope = false;
        String principal = null;
        if (filter != null && !filter.isBlank()) {
            for (String cond : filter.trim().split("(?i)\\s+and\\s+")) {
                String c = cond.trim();
                Matcher pm = PRINCIPAL.matcher(c);
                Matcher am = ASSIGNED_TO.matcher(c);
                if (c.equalsIgnoreCase("atScope()")) {
                    atScope = true;
                } else if (pm.matches()) {
                    principal = pm.group(1);
                } else if (am.matches()) {
                    principal = am.group(1);
                } else {
                    return ArmErrors.error(400, "UnsupportedQuery", "The filter '" + filter + "' is not supported."
                            + " Supported filters are either 'atScope()' or 'principalId eq '{value}'' or 'assignedTo('{value}')'.");
                }
            }
        }
        ArrayNode value = Json.arr();
        for (RoleAssignment ra : w.roleAssignments) {
            boolean inScope = atScope ? Scopes.isAtOrAbove(ra.scope, scope) : Scopes.related(ra.scope, scope);
            if (inScope && (principal == null || ra.principalId.equalsIgnoreCase(principal))) {
                value.add(ArmJson.roleAssignment(w, ra));
            }
        }
        return Response.json(200, Json.obj().set("value", value));
    }

    private Response getAssignment(WorldState w, String scope, String name) {
        return w.roleAssignments.stream()
                .filter(ra -> ra.name.equalsIgnoreCase(name) && Scopes.normalize(ra.scope).equals(Scopes.normalize(scope)))
                .findFirst().map(ra -> Response.json(200, ArmJson.roleAssignment(w, ra)))
                .orElseGet(() -> ArmErrors.error(404, "RoleAssignmentNotFound", "The role assignment '" + name + "' is not found."));
    }

    private Response listDefinitions(WorldState w, Request r, boolean tenantLevel) {
        String filter = r.queryIgnoreCase("$filter");
        String roleName = null;
        if (filter != null && !filter.isBlank()) {
            Matcher m = ROLE_NAME.matcher(filter.trim());
            if (!m.matches()) {
                return ArmErrors.error(400, "UnsupportedQuery", "The filter '" + filter + "' is not supported (use roleName eq '...').");
            }
            roleName = m.group(1);
        }
        ArrayNode value = Json.arr();
        for (RoleDefinition d : BuiltInRoles.all()) {
            if (roleName == null || d.roleName().equalsIgnoreCase(roleName)) {
                value.add(ArmJson.roleDefinition(w, d, tenantLevel));
            }
        }
        return Response.json(200, Json.obj().set("value", value));
    }
}
