package dev.dicomcmk.sandbox.keyvault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.rbac.HsmRoles;
import dev.dicomcmk.sandbox.rbac.KeyAction;
import dev.dicomcmk.sandbox.rbac.RoleDefinition;
import dev.dicomcmk.sandbox.rbac.Scopes;
import dev.dicomcmk.sandbox.world.HsmRoleAssignment;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Managed HSM local RBAC: /{scope}/providers/Microsoft.Authorization/roleAssignments[/{name}] and
 * roleDefinitions, scope "/", "/keys" or "/keys/{name}", in the shape of PutRoleAssignments-example.json.
 * The HSM takes any object id: it does not look principals up in Entra, so there is no
 * PrincipalNotFound replication delay here (unlike ARM role assignments). An assignment of the same
 * role to the same principal at the same scope is refused with 400 MatchingRoleAssignmentExists (the
 * HSM's own error); re-using an existing assignment name answers 409 RoleAssignmentExists.
 */
final class HsmRbacApi {

    private static final Pattern PRINCIPAL_FILTER = Pattern.compile("(?i)principalId\\s+eq\\s+'([^']+)'");

    private final SandboxContext ctx;

    HsmRbacApi(SandboxContext ctx) {
        this.ctx = ctx;
    }

    Response handle(KeyVaultEndpoint.Call c, List<String> scopeSeg, List<String> rest) {
        String scope = "/" + String.join("/", scopeSeg);
        if (!Scopes.normalize(scope).matches("/|/keys|/keys/[^/]+")) {
            return KvErrors.error(400, "BadParameter", "Scope '" + scope + "' is invalid: use /, /keys or /keys/{key name}.");
        }
        if (rest.size() < 2 || !rest.get(0).equalsIgnoreCase("Microsoft.Authorization")) {
            return KvErrors.error(404, "NotFound", "No operation at " + c.r().path() + ".");
        }
        String type = rest.get(1).toLowerCase(Locale.ROOT);
        String name = rest.size() > 2 ? rest.get(2) : null;
        String m = c.r().method();
        if (type.equals("roleassignments")) {
            if (name == null) {
                return m.equals("GET") ? list(c, scope) : KvErrors.error(405, "BadParameter", "Use GET to list role assignments.");
            }
            return switch (m) {
                case "GET" -> get(c, name);
                case "PUT" -> put(c, scope, name);
                case "DELETE" -> delete(c, name);
                default -> KvErrors.error(405, "BadParameter", "The HTTP method '" + m + "' is not supported here.");
            };
        }
        if (type.equals("roledefinitions") && m.equals("GET")) {
            Response denied = deny(c, KeyAction.ROLE_DEFINITION_READ);
            if (denied != null) {
                return denied;
            }
            if (name == null) {
                ArrayNode value = Json.arr();
                HsmRoles.all().forEach(d -> value.add(definition(d)));
                ObjectNode body = Json.obj();
                body.set("value", value);
                body.putNull("nextLink");
                return Response.json(200, body);
            }
            return HsmRoles.byGuid(name).map(d -> Response.json(200, definition(d)))
                    .orElseGet(() -> KvErrors.error(404, "RoleDefinitionNotFound", "Requested role definition not found."));
        }
        return KvErrors.error(404, "NotFound", "No operation at " + c.r().path() + ".");
    }

    private Response list(KeyVaultEndpoint.Call c, String scope) {
        Response denied = deny(c, KeyAction.ROLE_READ);
        if (denied != null) {
            return denied;
        }
        String filter = c.r().queryIgnoreCase("$filter");
        String principal = null;
        boolean atScope = false;
        if (filter != null && !filter.isBlank()) {
            Matcher pm = PRINCIPAL_FILTER.matcher(filter);
            if (pm.find()) {
                principal = pm.group(1);
            }
            atScope = filter.toLowerCase(Locale.ROOT).contains("atscope()");
            if (principal == null && !atScope) {
                return KvErrors.error(400, "BadParameter", "The filter '" + filter
                        + "' is not supported: use atScope() or principalId eq '{id}'.");
            }
        }
        ArrayNode value = Json.arr();
        boolean root = Scopes.normalize(scope).equals("/");
        for (HsmRoleAssignment ra : c.v().localRoleAssignments) {
            boolean inScope = atScope ? Scopes.isAtOrAbove(ra.scope, scope) : root || Scopes.related(ra.scope, scope);
            if (inScope && (principal == null || ra.principalId.equalsIgnoreCase(principal))) {
                value.add(assignment(ra));
            }
        }
        ObjectNode body = Json.obj();
        body.set("value", value);
        body.putNull("nextLink");
        return Response.json(200, body);
    }

    private Response get(KeyVaultEndpoint.Call c, String name) {
        Response denied = deny(c, KeyAction.ROLE_READ);
        if (denied != null) {
            return denied;
        }
        return find(c, name).map(ra -> Response.json(200, assignment(ra))).orElseGet(() -> notFound());
    }

    private Response put(KeyVaultEndpoint.Call c, String scope, String name) {
        Response denied = deny(c, KeyAction.ROLE_WRITE);
        if (denied != null) {
            return denied;
        }
        JsonNode body = Json.parseOrNull(c.r().body());
        String roleId = body == null ? null : body.path("properties").path("roleDefinitionId").asText(null);
        String principal = body == null ? null : body.path("properties").path("principalId").asText(null);
        if (roleId == null || principal == null) {
            return KvErrors.error(400, "BadParameter", "properties.roleDefinitionId and properties.principalId are required.");
        }
        String guid = roleId.substring(roleId.lastIndexOf('/') + 1);
        Optional<RoleDefinition> role = HsmRoles.byGuid(guid);
        if (role.isEmpty()) {
            return KvErrors.error(400, "BadParameter", "Role definition '" + roleId + "' is not a Managed HSM role.");
        }
        if (find(c, name).isPresent()) {
            return KvErrors.error(409, "RoleAssignmentExists", "The role assignment '" + name + "' already exists.");
        }
        Optional<HsmRoleAssignment> matching = c.v().localRoleAssignments.stream().filter(ra -> ra.principalId.equalsIgnoreCase(principal)
                && ra.roleDefinitionGuid.equalsIgnoreCase(guid) && Scopes.normalize(ra.scope).equals(Scopes.normalize(scope))).findFirst();
        if (matching.isPresent()) {
            // the Managed HSM answer (seen in Azure/azure-powershell#22463), unlike ARM's 409 RoleAssignmentExists
            return KvErrors.error(400, "MatchingRoleAssignmentExists", "Role assignment '" + matching.get().name
                    + "' already adds role 'Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + guid
                    + "' to principal '" + principal + "' in scope '" + Scopes.normalize(scope) + "'. (Activity ID: "
                    + KeyVaultEndpoint.activityId() + ")");
        }
        HsmRoleAssignment ra = new HsmRoleAssignment(name, scope, role.get().guid(), principal);
        c.v().localRoleAssignments.add(ra);
        return Response.json(201, assignment(ra));
    }

    private Response delete(KeyVaultEndpoint.Call c, String name) {
        Response denied = deny(c, KeyAction.ROLE_DELETE);
        if (denied != null) {
            return denied;
        }
        Optional<HsmRoleAssignment> ra = find(c, name);
        if (ra.isEmpty()) {
            return notFound();
        }
        c.v().localRoleAssignments.remove(ra.get());
        return Response.json(200, assignment(ra.get()));
    }

    private Response deny(KeyVaultEndpoint.Call c, KeyAction action) {
        return KeyVaultEndpoint.authorize(c, null, action);
    }

    private static Optional<HsmRoleAssignment> find(KeyVaultEndpoint.Call c, String name) {
        return c.v().localRoleAssignments.stream().filter(ra -> ra.name.equalsIgnoreCase(name)).findFirst();
    }

    private static Response notFound() {
        return KvErrors.error(404, "RoleAssignmentNotFound", "Requested role assignment not found (Activity ID: "
                + KeyVaultEndpoint.activityId() + ").");
    }

    static ObjectNode assignment(HsmRoleAssignment ra) {
        String scope = Scopes.normalize(ra.scope).equals("/") ? "/" : ra.scope;
        ObjectNode props = Json.obj()
                .put("roleDefinitionId", "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + ra.roleDefinitionGuid)
                .put("principalId", ra.principalId).put("scope", scope);
        ObjectNode o = Json.obj();
        o.set("properties", props);
        o.put("id", (scope.equals("/") ? "" : scope) + "/providers/Microsoft.Authorization/roleAssignments/" + ra.name)
                .put("type", "Microsoft.Authorization/roleAssignments").put("name", ra.name);
        return o;
    }

    private static ObjectNode definition(RoleDefinition d) {
        ObjectNode perm = Json.obj();
        perm.set("actions", Json.arr(d.actions()));
        perm.set("notActions", Json.arr(d.notActions()));
        perm.set("dataActions", Json.arr(d.dataActions()));
        perm.set("notDataActions", Json.arr(d.notDataActions()));
        ObjectNode props = Json.obj().put("roleName", d.roleName()).put("description", d.description())
                .put("type", "AKVBuiltInRole");
        props.set("permissions", Json.arr().add(perm));
        props.set("assignableScopes", Json.arr(List.of("/")));
        ObjectNode o = Json.obj().put("id", "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + d.guid())
                .put("name", d.guid()).put("type", "Microsoft.Authorization/roleDefinitions");
        o.set("properties", props);
        return o;
    }
}
