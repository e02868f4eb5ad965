package dev.dicomcmk.requirements;

import dev.dicomcmk.model.CmkFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges facts against every requirement of the catalogue, in catalogue order. Pure: no I/O, no
 * clock of its own (the facts carry "now"). Every subcommand that checks a key goes through here.
 */
public final class RequirementsChecker {

    private final CheckSettings settings;

    public RequirementsChecker(CheckSettings settings) {
        this.settings = settings;
    }

    public Report check(String subject, CmkFacts facts) {
        KeyChecks key = new KeyChecks(facts, settings);
        VaultChecks vault = new VaultChecks(facts);
        IdentityChecks identity = new IdentityChecks(facts);
        List<Finding> findings = new ArrayList<>();
        for (Requirement r : Requirement.values()) {
            findings.add(switch (r) {
                case KEY_URL_VERSIONED -> key.urlVersioned();
                case KEY_LOCATION -> key.location();
                case KEY_TYPE -> key.type();
                case KEY_SIZE -> key.size();
                case KEY_ENABLED -> key.enabled();
                case KEY_EXPIRY_HORIZON -> key.expiryHorizon();
                case KEY_OPS -> key.ops();
                case KEY_OLD_VERSIONS_ENABLED -> key.oldVersionsEnabled();
                case KEY_ROTATION_AGE -> key.rotationAge();
                case KEY_AUTO_ROTATION_GAP -> key.autoRotationGap();
                case VAULT_SOFT_DELETE -> vault.softDelete();
                case VAULT_PURGE_PROTECTION -> vault.purgeProtection();
                case VAULT_SAME_TENANT -> vault.sameTenant();
                case VAULT_FIREWALL_BYPASS -> vault.firewallBypass();
                case SERVICE_IDENTITY -> identity.serviceIdentity();
                case IDENTITY_KEY_ACCESS -> identity.keyAccess();
                case IDENTITY_LEAST_PRIVILEGE -> identity.leastPrivilege();
                case MHSM_PRIVATE_UAMI -> identity.privateHsmUserAssigned();
            });
        }
        String keyUrl = facts.keyUrl().isKnown() ? facts.keyUrl().value().url() : facts.keyUrlText().orElse(null);
        return new Report(subject, keyUrl, facts.now(), findings);
    }
}
