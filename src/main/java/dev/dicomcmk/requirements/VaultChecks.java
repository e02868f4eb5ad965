package dev.dicomcmk.requirements;

import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultKind;

import static dev.dicomcmk.requirements.Finding.fail;
import static dev.dicomcmk.requirements.Finding.pass;
import static dev.dicomcmk.requirements.Finding.skip;
import static dev.dicomcmk.requirements.Finding.warn;
import static dev.dicomcmk.requirements.Requirement.VAULT_FIREWALL_BYPASS;
import static dev.dicomcmk.requirements.Requirement.VAULT_PURGE_PROTECTION;
import static dev.dicomcmk.requirements.Requirement.VAULT_SAME_TENANT;
import static dev.dicomcmk.requirements.Requirement.VAULT_SOFT_DELETE;

/** The VAULT-* requirements: recoverability, tenant and firewall of the Key Vault or Managed HSM. */
final class VaultChecks {

    private final CmkFacts facts;
    private final Remedies remedies;

    VaultChecks(CmkFacts facts) {
        this.facts = facts;
        this.remedies = new Remedies(facts);
    }

    Finding softDelete() {
        if (!facts.vault().isKnown()) {
            return skip(VAULT_SOFT_DELETE, facts.vault(), facts);
        }
        VaultFacts v = facts.vault().value();
        if (Boolean.TRUE.equals(v.softDelete())) {
            return pass(VAULT_SOFT_DELETE, "on" + retention(v));
        }
        if (v.softDelete() == null && v.kind() == VaultKind.MANAGED_HSM) {
            return pass(VAULT_SOFT_DELETE, "always on for a Managed HSM" + retention(v));
        }
        if (v.softDelete() == null) {
            return warn(VAULT_SOFT_DELETE, "ARM does not report enableSoftDelete for " + v.name()
                    + "; check the vault's properties", remedies.softDelete());
        }
        return fail(VAULT_SOFT_DELETE, "soft delete is off on " + v.name(), remedies.softDelete());
    }

    Finding purgeProtection() {
        if (!facts.vault().isKnown()) {
            return skip(VAULT_PURGE_PROTECTION, facts.vault(), facts);
        }
        VaultFacts v = facts.vault().value();
        if (Boolean.TRUE.equals(v.purgeProtection())) {
            return pass(VAULT_PURGE_PROTECTION, "on" + retention(v));
        }
        return fail(VAULT_PURGE_PROTECTION, "purge protection is off on " + v.name()
                + ": a deleted key could be purged and the DICOM data lost with it", remedies.purgeProtection());
    }

    Finding sameTenant() {
        if (!facts.vault().isKnown()) {
            return skip(VAULT_SAME_TENANT, facts.vault(), facts);
        }
        if (!facts.homeTenantId().isKnown()) {
            return skip(VAULT_SAME_TENANT, "the service's tenant is unknown: ", facts.homeTenantId(), facts);
        }
        String vaultTenant = facts.vault().value().tenantId();
        String home = facts.homeTenantId().value();
        if (vaultTenant != null && vaultTenant.equalsIgnoreCase(home)) {
            return pass(VAULT_SAME_TENANT, "tenant " + home);
        }
        return fail(VAULT_SAME_TENANT, facts.vault().value().name() + " is in tenant " + vaultTenant
                + ", the service in tenant " + home, remedies.keyInServiceTenant());
    }

    Finding firewallBypass() {
        if (!facts.vault().isKnown()) {
            return skip(VAULT_FIREWALL_BYPASS, facts.vault(), facts);
        }
        VaultFacts v = facts.vault().value();
        String access = "public network access " + (v.publicNetworkAccess() == null ? "Enabled" : v.publicNetworkAccess())
                + ", default action " + (v.networkDefaultAction() == null ? "Allow" : v.networkDefaultAction());
        if (!v.firewalled()) {
            return pass(VAULT_FIREWALL_BYPASS, access + ": no firewall to bypass");
        }
        if ("AzureServices".equalsIgnoreCase(v.networkBypass())) {
            return pass(VAULT_FIREWALL_BYPASS, access + ", bypass AzureServices");
        }
        return fail(VAULT_FIREWALL_BYPASS, access + ", bypass " + (v.networkBypass() == null ? "None" : v.networkBypass())
                + ": the DICOM service cannot reach the key", remedies.firewallBypass());
    }

    private static String retention(VaultFacts v) {
        return v.softDeleteRetentionDays() == null ? "" : " (" + v.softDeleteRetentionDays() + " days retention)";
    }
}
