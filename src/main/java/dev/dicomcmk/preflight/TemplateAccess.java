package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.AccessFacts;
import dev.dicomcmk.model.AccessFacts.RoleGrant;
import dev.dicomcmk.model.BuiltInRoles;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.RoleDefinition;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultKind;
import dev.dicomcmk.preflight.Symbols.Comparison;
import dev.dicomcmk.template.expressions.ResolvedResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The role assignments of the template that give the service's identities access to its key.
 *
 * <p>A template is where a CI pipeline declares that access, so when it assigns roles at all,
 * those assignments are judged as the whole story (an assignment to someone else, or of the
 * wrong role, fails IDENTITY-KEY-ACCESS). A template that assigns no role says nothing about
 * access granted elsewhere: not determinable offline. An assignment whose principal or scope
 * could be the service's key, depending on values only the deployment knows, makes the answer
 * not determinable too.
 *
 * @param relevant  the assignment that grants a service identity a role on the key (the finding points at it), or null
 * @param nearest   an assignment on the key's scope for someone else (IDENTITY-KEY-ACCESS points at its principal), or null
 */
record TemplateAccess(Observed<AccessFacts> facts, ResolvedResource relevant, ResolvedResource nearest) {

    /** Managed identities are service principals; an assignment to a user or a group is never the service's. */
    private static final Set<String> NOT_AN_IDENTITY = Set.of("user", "group", "foreigngroup");
    private static final String ASSIGNMENTS = "/providers/microsoft.authorization/roleassignments/";

    static TemplateAccess read(TemplateService service, KeyUrl key, VaultFacts vault, TemplateResources resources) {
        if (vault.kind() == VaultKind.MANAGED_HSM) {
            return none(Symbols.notDeterminable("Managed HSM local role assignments are made on the HSM, not in ARM templates"));
        }
        List<ResolvedResource> assignments = resources.roleAssignments();
        if (assignments.isEmpty()) {
            return none(Symbols.notDeterminable("the template assigns no role; access granted outside it is known only to Azure"));
        }
        String keyId = vault.resourceId() + "/keys/" + key.keyName();
        List<RoleGrant> grants = new ArrayList<>();
        ResolvedResource relevant = null;
        ResolvedResource nearest = null;
        for (ResolvedResource assignment : assignments) {
            JsonNode p = assignment.body().path("properties");
            String scope = scopeOf(assignment, resources.resourceGroupId());
            Comparison reaches = IdPaths.covers(scope, keyId);
            if (reaches == Comparison.DIFFERENT) {
                continue;
            }
            PrincipalRef principal = PrincipalRef.read(p.get("principalId"), resources);
            boolean notIdentity = NOT_AN_IDENTITY.contains(p.path("principalType").asText("").toLowerCase(Locale.ROOT));
            PrincipalRef match = null;
            boolean unknown = false;
            for (PrincipalRef identity : service.principals()) {
                Comparison c = notIdentity ? Comparison.DIFFERENT : principal.compare(identity);
                if (c == Comparison.SAME) {
                    match = identity;
                }
                unknown |= c == Comparison.UNKNOWN;
            }
            if (match == null && !unknown) {
                nearest = nearest == null ? assignment : nearest;
                continue;
            }
            if (match == null || reaches == Comparison.UNKNOWN) {
                return none(Symbols.notDeterminable("whether the role assignment " + assignment.name() + " (principal "
                        + principal.expression() + ", scope " + scope + ") is for this service's identity on " + keyId));
            }
            Optional<RoleDefinition> role = role(resources.text(p.get("roleDefinitionId")), resources);
            if (role.isEmpty()) {
                return none(Symbols.notDeterminable("role definition " + Symbols.expression(String.valueOf(
                        resources.text(p.get("roleDefinitionId")))) + " is neither built in nor declared in the template"));
            }
            // the scope as the key's id writes it, so that the checker's own comparison agrees
            grants.add(new RoleGrant(assignment.id(), match.text(), IdPaths.truncate(keyId, IdPaths.length(scope)),
                    role.get(), false));
            relevant = relevant == null ? assignment : relevant;
        }
        return new TemplateAccess(Observed.known(new AccessFacts(grants)), relevant, nearest);
    }

    /**
     * The assignment's scope: its id without the roleAssignments part (the scope property or the
     * parent resource). A relative scope ("Microsoft.KeyVault/vaults/kv", as Bicep writes
     * {@code scope: kv}) is in the deployment's resource group.
     */
    static String scopeOf(ResolvedResource assignment, String resourceGroupId) {
        String id = assignment.id();
        int at = id.toLowerCase(Locale.ROOT).lastIndexOf(ASSIGNMENTS);
        String scope = at < 0 ? id : id.substring(0, at);
        return scope.startsWith("/") ? scope : resourceGroupId + "/providers/" + scope;
    }

    private static Optional<RoleDefinition> role(String roleDefinitionId, TemplateResources resources) {
        if (roleDefinitionId == null || Symbols.isSymbolic(BuiltInRoles.guidOf(roleDefinitionId))) {
            return Optional.empty();
        }
        String guid = BuiltInRoles.guidOf(roleDefinitionId);
        Optional<RoleDefinition> builtIn = BuiltInRoles.byGuid(guid);
        if (builtIn.isPresent()) {
            return builtIn;
        }
        for (ResolvedResource custom : resources.ofType("Microsoft.Authorization/roleDefinitions")) {
            if (Symbols.compare(custom.name(), guid) == Comparison.SAME) {
                JsonNode p = custom.body().path("properties");
                List<String> actions = new ArrayList<>();
                List<String> notActions = new ArrayList<>();
                for (JsonNode permission : p.path("permissions")) {
                    permission.path("dataActions").forEach(a -> actions.add(a.asText()));
                    permission.path("notDataActions").forEach(a -> notActions.add(a.asText()));
                }
                return Optional.of(new RoleDefinition(guid, p.path("roleName").asText(custom.name()), actions, notActions));
            }
        }
        return Optional.empty();
    }

    private static TemplateAccess none(String reason) {
        return new TemplateAccess(Observed.unknown(reason), null, null);
    }
}
