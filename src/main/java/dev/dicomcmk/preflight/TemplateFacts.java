package dev.dicomcmk.preflight;

import dev.dicomcmk.model.AccessFacts;
import dev.dicomcmk.model.IdentityFacts;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultFacts.AccessPolicy;
import dev.dicomcmk.model.VaultKind;
import dev.dicomcmk.preflight.Symbols.Comparison;
import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.template.expressions.ResolvedResource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link CmkFacts} of one DICOM service in a template, and the resources they were read
 * from (so that each finding can point at its place). Whatever the template does not determine
 * is {@code Observed.unknown("not determinable offline: <expression>")}.
 *
 * @param keyResource   the key declared in the template, or null
 * @param vaultResource the vault or Managed HSM declared in the template, or null
 */
record TemplateFacts(CmkFacts facts, ResolvedResource service, ResolvedResource keyResource, ResolvedResource vaultResource,
                     TemplateAccess access) {

    static TemplateFacts of(ResolvedResource dicom, TemplateResources resources, DnsSuffixes dns, String homeTenant,
                            Instant now, String file) {
        KeyReference key = KeyReference.of(dicom.body().at(TemplateService.KEK_POINTER), resources, dns);
        TemplateService service = TemplateService.read(dicom, key.text().orElse(null), resources);
        if (!key.url().isKnown()) {
            String why = key.url().unknownReason();
            return new TemplateFacts(new CmkFacts(now, key.text(), key.url(), Observed.unknown("no key URL: " + why), false,
                    Observed.unknown("no key URL: " + why), Observed.known(homeTenant), service.facts(),
                    service.identities(), Observed.unknown("no key URL: " + why), true), dicom, null, null, null);
        }
        KeyUrl url = key.url().value();
        String vaultType = url.kind() == VaultKind.KEY_VAULT ? TemplateResources.KEY_VAULT : TemplateResources.MANAGED_HSM;
        TemplateResources.Lookup vaultLookup = resources.find(vaultType, url.vaultName());
        TemplateResources.Lookup keyLookup = resources.find(vaultType + "/keys", url.vaultName() + "/" + url.keyName());

        Observed<KeyFacts> keyFacts = keyLookup.resource().isPresent()
                ? TemplateKey.read(keyLookup.resource().get(), url, resources)
                : Observed.unknown(notDeclared("key", url.vaultName() + "/" + url.keyName(), keyLookup, file));
        if (vaultLookup.resource().isEmpty()) {
            String why = notDeclared(url.kind().displayName(), url.vaultName(), vaultLookup, file);
            return new TemplateFacts(new CmkFacts(now, key.text(), key.url(), keyFacts, false, Observed.unknown(why),
                    Observed.known(homeTenant), service.facts(), service.identities(), Observed.unknown(why), true),
                    dicom, keyLookup.resource().orElse(null), null, null);
        }
        TemplateVault vault = TemplateVault.read(vaultLookup.resource().get(), resources);
        Observed<VaultFacts> vaultFacts = vault.facts().isKnown() ? withPolicyObjectIds(vault, service) : vault.facts();
        Observed<String> tenant = Observed.known(homeTenant);
        Observed<List<IdentityFacts>> identities = service.identities();
        TemplateAccess access = null;
        Observed<AccessFacts> accessFacts;
        if (!vaultFacts.isKnown()) {
            accessFacts = Observed.unknownAs(vaultFacts);
        } else {
            VaultFacts v = vaultFacts.value();
            Comparison sameTenant = v.tenantId() == null ? Comparison.DIFFERENT : Symbols.compare(v.tenantId(), homeTenant);
            if (sameTenant == Comparison.UNKNOWN) {
                tenant = Observed.unknown(Symbols.notDeterminable("whether the vault's tenantId "
                        + Symbols.expression(v.tenantId()) + " is " + Symbols.expression(homeTenant)));
            }
            identities = withPolicyPrincipals(identities, service, vault);
            if (service.facts().isKnown()) {
                access = TemplateAccess.read(service, url, v, resources);
                accessFacts = access.facts();
            } else {
                accessFacts = Observed.unknownAs(service.facts());
            }
        }
        CmkFacts facts = new CmkFacts(now, key.text(), key.url(), keyFacts, false, vaultFacts, tenant, service.facts(),
                identities, accessFacts, true);
        return new TemplateFacts(facts, dicom, keyLookup.resource().orElse(null), vault.resource(), access);
    }

    /**
     * An access policy for a principal that may or may not be the service's identity leaves key
     * access open; otherwise the policies stand as written (the checker matches their object ids
     * with the identities' principal symbols).
     */
    private static Observed<List<IdentityFacts>> withPolicyPrincipals(Observed<List<IdentityFacts>> identities,
                                                                      TemplateService service, TemplateVault vault) {
        if (!identities.isKnown() || vault.facts().value().rbacAuthorization()) {
            return identities;
        }
        for (PrincipalRef policy : vault.policyPrincipals()) {
            for (PrincipalRef identity : service.principals()) {
                if (policy.compare(identity) == Comparison.UNKNOWN) {
                    return Observed.unknown(Symbols.notDeterminable("whether the access policy for " + policy.expression()
                            + " is for " + identity.expression()));
                }
            }
        }
        return identities;
    }

    /** Access policies naming a service identity carry that identity's principal text, so the checker matches them. */
    private static Observed<VaultFacts> withPolicyObjectIds(TemplateVault vault, TemplateService service) {
        VaultFacts v = vault.facts().value();
        List<AccessPolicy> policies = new ArrayList<>();
        for (int i = 0; i < v.accessPolicies().size(); i++) {
            AccessPolicy p = v.accessPolicies().get(i);
            String objectId = p.objectId();
            for (PrincipalRef identity : service.principals()) {
                if (vault.policyPrincipals().get(i).compare(identity) == Comparison.SAME) {
                    objectId = identity.text();
                }
            }
            policies.add(new AccessPolicy(p.tenantId(), objectId, p.keyPermissions()));
        }
        return Observed.known(new VaultFacts(v.kind(), v.resourceId(), v.name(), v.location(), v.tenantId(), v.softDelete(),
                v.softDeleteRetentionDays(), v.purgeProtection(), v.rbacAuthorization(), policies, v.networkDefaultAction(),
                v.networkBypass(), v.ipRules(), v.publicNetworkAccess(), v.privateEndpointConnections()));
    }

    private static String notDeclared(String what, String name, TemplateResources.Lookup lookup, String file) {
        return Symbols.notDeterminable(lookup.undeterminable()
                ? "whether " + what + " " + Symbols.expression(name) + " is the one " + file + " declares"
                : what + " " + Symbols.expression(name) + " is not declared in " + file);
    }
}
