package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultFacts.AccessPolicy;
import dev.dicomcmk.model.VaultKind;
import dev.dicomcmk.preflight.Symbols.Comparison;
import dev.dicomcmk.template.expressions.ResolvedResource;

import java.util.ArrayList;
import java.util.List;

/**
 * A Key Vault or Managed HSM declared in the template, as {@link VaultFacts}. Absent properties
 * take the values ARM gives them: enableSoftDelete true, enablePurgeProtection off,
 * enableRbacAuthorization false, no networkAcls = open, networkAcls.bypass AzureServices
 * (WIRE.md §3, vault properties). A boolean the template leaves to deployment makes the whole
 * vault not determinable rather than guessed.
 *
 * @param policyPrincipals who each access policy names, in the order of {@code facts.accessPolicies()}
 */
record TemplateVault(ResolvedResource resource, Observed<VaultFacts> facts, List<PrincipalRef> policyPrincipals) {

    static TemplateVault read(ResolvedResource vault, TemplateResources resources) {
        VaultKind kind = vault.type().equalsIgnoreCase(TemplateResources.MANAGED_HSM) ? VaultKind.MANAGED_HSM : VaultKind.KEY_VAULT;
        JsonNode p = vault.body().path("properties");
        List<String> undetermined = new ArrayList<>();
        Boolean softDelete = flag(p.get("enableSoftDelete"), true, "enableSoftDelete", resources, undetermined);
        Boolean purge = flag(p.get("enablePurgeProtection"), false, "enablePurgeProtection", resources, undetermined);
        Boolean rbac = kind == VaultKind.KEY_VAULT
                ? flag(p.get("enableRbacAuthorization"), false, "enableRbacAuthorization", resources, undetermined) : Boolean.FALSE;
        if (!undetermined.isEmpty()) {
            return new TemplateVault(vault, Observed.unknown(Symbols.notDeterminable(String.join(", ", undetermined))), List.of());
        }
        List<AccessPolicy> policies = new ArrayList<>();
        List<PrincipalRef> principals = new ArrayList<>();
        readPolicies(p.path("accessPolicies"), resources, policies, principals);
        for (ResolvedResource extra : resources.ofType(TemplateResources.KEY_VAULT + "/accessPolicies")) {
            boolean ofThisVault = IdPaths.compare(extra.name().substring(0, Math.max(0, extra.name().indexOf('/'))),
                    vault.name()) == Comparison.SAME;
            boolean removes = extra.name().toLowerCase(java.util.Locale.ROOT).endsWith("/remove");
            if (ofThisVault && !removes) {
                readPolicies(extra.body().path("properties").path("accessPolicies"), resources, policies, principals);
            }
        }
        JsonNode acls = p.path("networkAcls");
        String defaultAction = acls.isObject() ? textOr(resources.text(acls.get("defaultAction")), "Allow") : null;
        String bypass = acls.isObject() ? textOr(resources.text(acls.get("bypass")), "AzureServices") : null;
        List<String> ipRules = new ArrayList<>();
        acls.path("ipRules").forEach(rule -> ipRules.add(resources.text(rule.get("value"))));
        Integer retention = p.path("softDeleteRetentionInDays").isInt() ? p.path("softDeleteRetentionInDays").intValue() : null;
        VaultFacts facts = new VaultFacts(kind, vault.id(), vault.name(), resources.text(vault.body().get("location")),
                resources.text(p.get("tenantId")), softDelete, retention, purge, rbac, policies, defaultAction, bypass,
                ipRules, resources.text(p.get("publicNetworkAccess")), privateEndpoints(vault, resources));
        return new TemplateVault(vault, Observed.known(facts), principals);
    }

    private static void readPolicies(JsonNode list, TemplateResources resources, List<AccessPolicy> policies,
                                     List<PrincipalRef> principals) {
        for (JsonNode policy : list) {
            PrincipalRef who = PrincipalRef.read(policy.get("objectId"), resources);
            List<String> keys = new ArrayList<>();
            policy.path("permissions").path("keys").forEach(k -> keys.add(resources.text(k)));
            policies.add(new AccessPolicy(resources.text(policy.get("tenantId")), who.text(), keys));
            principals.add(who);
        }
    }

    /** Private endpoints the template connects to this vault (MHSM-PRIVATE-UAMI counts them). */
    private static int privateEndpoints(ResolvedResource vault, TemplateResources resources) {
        int count = 0;
        for (ResolvedResource pe : resources.ofType("Microsoft.Network/privateEndpoints")) {
            JsonNode p = pe.body().path("properties");
            for (String field : List.of("privateLinkServiceConnections", "manualPrivateLinkServiceConnections")) {
                for (JsonNode connection : p.path(field)) {
                    String target = resources.text(connection.path("properties").get("privateLinkServiceId"));
                    if (target != null && IdPaths.compare(target, vault.id()) == Comparison.SAME) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static Boolean flag(JsonNode node, boolean absent, String name, TemplateResources resources,
                                List<String> undetermined) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        undetermined.add(name + " " + Symbols.expression(String.valueOf(resources.text(node))));
        return null;
    }

    private static String textOr(String value, String absent) {
        return value == null ? absent : value;
    }
}
