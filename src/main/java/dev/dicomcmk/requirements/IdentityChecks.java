package dev.dicomcmk.requirements;

import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.model.AccessFacts.RoleGrant;
import dev.dicomcmk.model.ArmIds;
import dev.dicomcmk.model.BuiltInRoles;
import dev.dicomcmk.model.IdentityFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultFacts.AccessPolicy;
import dev.dicomcmk.model.VaultKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.dicomcmk.requirements.Finding.fail;
import static dev.dicomcmk.requirements.Finding.notApplicable;
import static dev.dicomcmk.requirements.Finding.pass;
import static dev.dicomcmk.requirements.Finding.skip;
import static dev.dicomcmk.requirements.Finding.warn;
import static dev.dicomcmk.requirements.Requirement.IDENTITY_KEY_ACCESS;
import static dev.dicomcmk.requirements.Requirement.IDENTITY_LEAST_PRIVILEGE;
import static dev.dicomcmk.requirements.Requirement.MHSM_PRIVATE_UAMI;
import static dev.dicomcmk.requirements.Requirement.SERVICE_IDENTITY;

/** SERVICE-IDENTITY, IDENTITY-* and MHSM-PRIVATE-UAMI: can the service's identity use the key, and no more. */
final class IdentityChecks {

    private final CmkFacts facts;
    private final Remedies remedies;

    IdentityChecks(CmkFacts facts) {
        this.facts = facts;
        this.remedies = new Remedies(facts);
    }

    Finding serviceIdentity() {
        if (!facts.service().isKnown()) {
            return skip(SERVICE_IDENTITY, facts.service(), facts);
        }
        ServiceFacts s = facts.service().value();
        if (!s.hasAnyIdentity()) {
            return fail(SERVICE_IDENTITY, "identity type is " + (s.identityType() == null ? "None" : s.identityType())
                    + ": the service has no managed identity to reach the key", remedies.turnOnIdentity());
        }
        List<String> kinds = new ArrayList<>();
        if (s.hasSystemIdentity()) {
            kinds.add("system-assigned (" + s.systemPrincipalId() + ")");
        }
        if (!s.userAssigned().isEmpty()) {
            kinds.add(s.userAssigned().size() + " user-assigned");
        }
        return pass(SERVICE_IDENTITY, String.join(" and ", kinds));
    }

    Finding keyAccess() {
        Observed<?> blocked = prerequisitesMissing();
        if (blocked != null) {
            return facts.service().isKnown() && !facts.service().value().hasAnyIdentity()
                    ? fail(IDENTITY_KEY_ACCESS, blocked.unknownReason(), remedies.turnOnIdentity())
                    : skip(IDENTITY_KEY_ACCESS, blocked, facts);
        }
        VaultFacts vault = facts.vault().value();
        List<String> withAccess = new ArrayList<>();
        List<String> without = new ArrayList<>();
        boolean moved = false;
        boolean otherTenant = false;
        for (IdentityFacts id : facts.identities().value()) {
            if (!id.exists() || id.principalId() == null) {
                without.add(id.label() + (id.note() == null ? " does not exist" : ": " + id.note()));
                moved |= id.exists() || id.note() != null;
                continue;
            }
            String tenant = id.tenantId() != null ? id.tenantId() : facts.homeTenantId().orElse(null);
            if (tenant != null && vault.tenantId() != null && !tenant.equalsIgnoreCase(vault.tenantId())) {
                without.add(id.label() + " is in tenant " + tenant + " but " + vault.name()
                        + " accepts only tenant " + vault.tenantId());
                otherTenant = true;
                continue;
            }
            String how = grantThatSuffices(id.principalId(), vault);
            if (how != null) {
                withAccess.add(id.label() + " via " + how);
            } else {
                without.add(id.label() + " has no " + neededDescription(vault) + " on " + keyName());
            }
        }
        if (!withAccess.isEmpty()) {
            return pass(IDENTITY_KEY_ACCESS, String.join("; ", withAccess));
        }
        if (otherTenant) {
            // no role can be granted across tenants: the key has to move to the identity's tenant
            return fail(IDENTITY_KEY_ACCESS, String.join("; ", without), remedies.keyInServiceTenant());
        }
        if (moved) {
            return fail(IDENTITY_KEY_ACCESS, String.join("; ", without), remedies.grantAndRedeploy());
        }
        return fail(IDENTITY_KEY_ACCESS, String.join("; ", without), remedies.grantKeyAccess());
    }

    Finding leastPrivilege() {
        Observed<?> blocked = prerequisitesMissing();
        if (blocked != null) {
            return skip(IDENTITY_LEAST_PRIVILEGE, blocked, facts);
        }
        VaultFacts vault = facts.vault().value();
        List<String> excess = new ArrayList<>();
        List<String> held = new ArrayList<>();
        int judged = 0;
        for (IdentityFacts id : facts.identities().value()) {
            if (id.principalId() == null) {
                continue;
            }
            for (RoleGrant g : grantsCovering(id.principalId(), vault)) {
                judged++;
                held.add(g.role().name() + " at " + scopeLabel(g, vault));
                List<String> beyond = beyondNeeded(g, vault.kind());
                if (!beyond.isEmpty()) {
                    excess.add(id.label() + " holds " + g.role().name() + " at " + scopeLabel(g, vault)
                            + " (also " + String.join(", ", beyond) + ")");
                } else if (!coversOnlyTheKey(g, vault)) {
                    excess.add(id.label() + " holds " + g.role().name() + " at " + scopeLabel(g, vault)
                            + ": every key there, where the key's own scope suffices");
                }
            }
            if (!vault.rbacAuthorization() && vault.kind() == VaultKind.KEY_VAULT) {
                for (AccessPolicy p : policiesFor(id.principalId(), vault)) {
                    judged++;
                    held.add("access policy " + String.join(", ", p.keyPermissions()));
                    List<String> extra = p.keyPermissions().stream()
                            .filter(perm -> BuiltInRoles.ACCESS_POLICY_NEEDED.stream().noneMatch(perm::equalsIgnoreCase))
                            .toList();
                    if (!extra.isEmpty()) {
                        excess.add(id.label() + " has access-policy key permissions " + String.join(", ", extra)
                                + " beyond get, wrapKey, unwrapKey");
                    }
                }
            }
        }
        if (judged == 0) {
            return notApplicable(IDENTITY_LEAST_PRIVILEGE,
                    "the service's identities hold no access to judge (see IDENTITY-KEY-ACCESS)");
        }
        if (!excess.isEmpty()) {
            return warn(IDENTITY_LEAST_PRIVILEGE, String.join("; ", excess), remedies.leastPrivilege());
        }
        return pass(IDENTITY_LEAST_PRIVILEGE, "holds only " + String.join("; ", held.stream().distinct().toList()));
    }

    Finding privateHsmUserAssigned() {
        if (!facts.keyUrl().isKnown()) {
            return skip(MHSM_PRIVATE_UAMI, "no key URL: ", facts.keyUrl(), facts);
        }
        if (facts.keyUrl().value().kind() != VaultKind.MANAGED_HSM) {
            return notApplicable(MHSM_PRIVATE_UAMI, "not applicable: the key is in a Key Vault, not a Managed HSM");
        }
        if (!facts.vault().isKnown()) {
            return skip(MHSM_PRIVATE_UAMI, facts.vault(), facts);
        }
        VaultFacts hsm = facts.vault().value();
        boolean closed = "Disabled".equalsIgnoreCase(hsm.publicNetworkAccess());
        if (!closed || hsm.privateEndpointConnections() == 0) {
            return pass(MHSM_PRIVATE_UAMI, "public network access " + (closed ? "Disabled without a private endpoint"
                    : "Enabled") + ": either identity type works");
        }
        if (!facts.service().isKnown()) {
            return skip(MHSM_PRIVATE_UAMI, facts.service(), facts);
        }
        if (!facts.service().value().userAssigned().isEmpty()) {
            return pass(MHSM_PRIVATE_UAMI, "private Managed HSM reached with a user-assigned identity");
        }
        return fail(MHSM_PRIVATE_UAMI, hsm.name() + " has public access disabled and a private endpoint; "
                + "the service has no user-assigned identity", remedies.userAssignedForPrivateHsm());
    }

    /** Why access cannot be judged, as the unknown fact that stands in the way (or null when it can be). */
    private Observed<?> prerequisitesMissing() {
        if (!facts.service().isKnown()) {
            return facts.service();
        }
        if (!facts.service().value().hasAnyIdentity()) {
            return Observed.notApplicable("the service has no managed identity, so nothing can reach the key");
        }
        if (!facts.keyUrl().isKnown()) {
            return new Observed<>(null, "no key URL to judge access to: " + facts.keyUrl().unknownReason(),
                    facts.keyUrl().unknownKind());
        }
        if (!facts.vault().isKnown()) {
            return facts.vault();
        }
        if (!facts.identities().isKnown()) {
            return facts.identities();
        }
        if (!facts.access().isKnown() && (facts.vault().value().rbacAuthorization()
                || facts.vault().value().kind() == VaultKind.MANAGED_HSM)) {
            return facts.access();
        }
        return null;
    }

    /** How the principal may get, wrap and unwrap the key, or null when it may not. */
    private String grantThatSuffices(String principalId, VaultFacts vault) {
        if (vault.kind() == VaultKind.KEY_VAULT && !vault.rbacAuthorization()) {
            for (AccessPolicy p : policiesFor(principalId, vault)) {
                boolean all = p.keyPermissions().stream().anyMatch("all"::equalsIgnoreCase);
                boolean enough = BuiltInRoles.ACCESS_POLICY_NEEDED.stream()
                        .allMatch(n -> p.keyPermissions().stream().anyMatch(n::equalsIgnoreCase));
                if (all || enough) {
                    return "access policy (" + String.join(", ", p.keyPermissions()) + ")";
                }
            }
            return null;
        }
        List<String> needed = vault.kind() == VaultKind.MANAGED_HSM ? BuiltInRoles.MANAGED_HSM_NEEDED
                : BuiltInRoles.KEY_VAULT_NEEDED;
        for (RoleGrant g : grantsCovering(principalId, vault)) {
            if (needed.stream().allMatch(g.role()::permits)) {
                return g.role().name() + " at " + scopeLabel(g, vault);
            }
        }
        return null;
    }

    private List<RoleGrant> grantsCovering(String principalId, VaultFacts vault) {
        if (!facts.access().isKnown()) {
            return List.of();
        }
        boolean hsm = vault.kind() == VaultKind.MANAGED_HSM;
        return facts.access().value().roleGrants().stream()
                .filter(g -> g.principalId() != null && g.principalId().equalsIgnoreCase(principalId))
                .filter(g -> g.local() == hsm)
                .filter(g -> covers(g.scope(), hsm ? "/keys/" + keyName() : vault.resourceId() + "/keys/" + keyName()))
                .toList();
    }

    private static List<AccessPolicy> policiesFor(String principalId, VaultFacts vault) {
        return vault.accessPolicies().stream()
                .filter(p -> p.objectId() != null && p.objectId().equalsIgnoreCase(principalId))
                .toList();
    }

    /** A scope covers the key when it is the key's scope or one of its ancestors. */
    static boolean covers(String scope, String keyScope) {
        if (scope == null) {
            return false;
        }
        String s = ArmIds.trim(scope.toLowerCase(Locale.ROOT));
        String k = ArmIds.trim(keyScope.toLowerCase(Locale.ROOT));
        return s.isEmpty() || k.equals(s) || k.startsWith(s + "/");
    }

    private boolean coversOnlyTheKey(RoleGrant g, VaultFacts vault) {
        String keyScope = g.local() ? "/keys/" + keyName() : vault.resourceId() + "/keys/" + keyName();
        return ArmIds.same(g.scope(), keyScope);
    }

    private static List<String> beyondNeeded(RoleGrant g, VaultKind kind) {
        List<String> probes = kind == VaultKind.MANAGED_HSM ? BuiltInRoles.MANAGED_HSM_BEYOND_NEEDED
                : BuiltInRoles.KEY_VAULT_BEYOND_NEEDED;
        return probes.stream().filter(g.role()::permits).map(IdentityChecks::shortAction).toList();
    }

    private static String shortAction(String action) {
        String a = action.replaceFirst("^Microsoft\\.KeyVault/(vaults|managedHsm)/", "");
        return a.replace("/action", "");
    }

    private String scopeLabel(RoleGrant g, VaultFacts vault) {
        String scope = ArmIds.trim(g.scope());
        if (g.local()) {
            return "HSM scope " + (scope.isEmpty() ? "/" : scope);
        }
        String vaultId = ArmIds.trim(vault.resourceId());
        if (scope.equalsIgnoreCase(vaultId + "/keys/" + keyName())) {
            return "key scope";
        }
        if (scope.equalsIgnoreCase(vaultId)) {
            return "vault scope";
        }
        if (scope.toLowerCase(Locale.ROOT).matches("/subscriptions/[^/]+/resourcegroups/[^/]+")) {
            return "resource group scope";
        }
        if (scope.toLowerCase(Locale.ROOT).matches("/subscriptions/[^/]+")) {
            return "subscription scope";
        }
        return scope.isEmpty() ? "root scope" : scope;
    }

    private String neededDescription(VaultFacts vault) {
        if (vault.kind() == VaultKind.MANAGED_HSM) {
            return "Managed HSM Crypto Service Encryption User (or a role with read, wrap and unwrap)";
        }
        if (!vault.rbacAuthorization()) {
            return "access policy with get, wrapKey and unwrapKey";
        }
        return "Key Vault Crypto Service Encryption User (or a role with read, wrap and unwrap)";
    }

    private String keyName() {
        KeyUrl url = facts.keyUrl().value();
        return url.keyName();
    }

}
