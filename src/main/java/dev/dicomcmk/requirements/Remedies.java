package dev.dicomcmk.requirements;

import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.advice.Advice;
import dev.dicomcmk.advice.Commands;
import dev.dicomcmk.advice.SuggestedCommand;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.VaultFacts;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import static dev.dicomcmk.advice.Advice.step;
import static dev.dicomcmk.advice.SuggestedCommand.placeholder;

/**
 * The remedies of failing and warning findings, filled in from the facts: the vault, its resource group, the key,
 * its version and the service, so the command in a remedy runs as printed. Where a fact is missing the remedy
 * falls back to the requirement's own words (which name no command) or a placeholder for the one missing value.
 */
final class Remedies {

    private final CmkFacts facts;

    Remedies(CmkFacts facts) {
        this.facts = facts;
    }

    /** KEY-TYPE, KEY-SIZE, and KEY-OPS of a key that is not RSA: a new RSA version, then the service onto it. */
    String newRsaKey(Requirement r) {
        KeyUrl url = keyUrl();
        if (url == null) {
            return r.remedy();
        }
        String kty = facts.key().isKnown() ? facts.key().value().kty() : null;
        boolean hsm = kty != null && kty.toUpperCase(Locale.ROOT).endsWith("-HSM");
        SuggestedCommand create = Commands.keyCreateRsa(url.kind(), url.vaultName(), url.keyName(), hsm);
        ServiceId service = service();
        String what = "Create a 3072-bit RSA key with wrapKey and unwrapKey (a new version of " + url.keyName()
                + "; earlier versions stay)";
        if (service == null) {
            return Advice.run(what, create);
        }
        return Advice.steps(step(what, create), step("then switch the service to it",
                Commands.dicomCmk("rotate-key", service).with("--to-latest")));
    }

    /** KEY-OPS of an RSA key: allow the operations on the version. */
    String allowWrapOps() {
        KeyUrl url = currentVersion();
        return url == null ? Requirement.KEY_OPS.remedy()
                : Advice.run("Allow wrapKey and unwrapKey on the key version",
                Commands.keySetAttributes(url).with("--ops", "wrapKey", "unwrapKey"));
    }

    String enableVersion() {
        KeyUrl url = currentVersion();
        return url == null ? Requirement.KEY_ENABLED.remedy()
                : Advice.run("Enable the key version", Commands.keySetAttributes(url).with("--enabled", "true"));
    }

    String validFromNow() {
        KeyUrl url = currentVersion();
        return url == null ? Requirement.KEY_ENABLED.remedy()
                : Advice.run("Make the key version valid from now",
                Commands.keySetAttributes(url).with("--not-before", facts.now().toString()));
    }

    /** An expired (or soon expiring) version: rotate the service off it, or extend it. */
    String rotateOrExtend(Requirement r) {
        KeyUrl url = currentVersion();
        if (url == null) {
            return r.remedy();
        }
        String later = facts.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.DAYS).toString();
        Advice.Step extend = step("or extend its expiry (here by a year)",
                Commands.keySetAttributes(url).with("--expires", later));
        ServiceId service = service();
        if (service == null) {
            return Advice.run("Extend the key version's expiry (here by a year)",
                    Commands.keySetAttributes(url).with("--expires", later));
        }
        return Advice.steps(step("Rotate the service to a new version", Commands.dicomCmk("rotate-key", service)
                .with("--new-version")), extend);
    }

    String reenableVersions(List<String> versions) {
        KeyUrl url = keyUrl();
        if (url == null || versions.isEmpty()) {
            return Requirement.KEY_OLD_VERSIONS_ENABLED.remedy();
        }
        Advice.Step[] steps = versions.stream().limit(5)
                .map(v -> step("Re-enable version " + v, Commands.keySetAttributes(url.withVersion(v))
                        .with("--enabled", "true")))
                .toArray(Advice.Step[]::new);
        return Advice.steps(steps);
    }

    String rotate() {
        KeyUrl url = keyUrl();
        ServiceId service = service();
        if (service != null) {
            return Advice.run("Rotate the key (earlier versions stay enabled)",
                    Commands.dicomCmk("rotate-key", service).with("--new-version"));
        }
        return url == null ? Requirement.KEY_ROTATION_AGE.remedy()
                : Advice.run("Rotate the key (then move each service that uses it with rotate-key --to-latest)",
                Commands.keyRotate(url));
    }

    String followNewest() {
        ServiceId service = service();
        // the first step closes the gap now; the second keeps it closed: run on each new version Key Vault makes
        return service == null ? Requirement.KEY_AUTO_ROTATION_GAP.remedy()
                : Advice.steps(Advice.step("Point the service at the newest version now",
                                Commands.dicomCmk("rotate-key", service).with("--to-latest")),
                        Advice.step("then follow every automatic rotation: an Event Grid subscription on the vault for "
                                + "KeyNewVersionCreated of this key runs (docs/following-rotation.md)", Commands.rotateKeyFromEvent()));
    }

    /** An unversioned key URL on the service: set a versioned one. */
    String versionedUrl() {
        ServiceId service = service();
        String latest = facts.key().map(k -> k.url().url()).orElse(null);
        if (service == null) {
            return "Use the key identifier with its version" + (latest == null ? "" : ", e.g. " + latest) + ".";
        }
        return Advice.run("Set the key with its version on the service", Commands.dicomCmk("update-via-arm", service)
                .with("--deploy").with("--key-url", latest != null ? latest : placeholder("versioned key URL")));
    }

    /** Key Vault does not find the key: recover it if it was deleted from a vault that exists; else repoint. */
    String keyNotFound() {
        KeyUrl url = keyUrl();
        ServiceId service = service();
        Advice.Step repoint = service == null ? null : step("or point the service at an existing key version",
                Commands.dicomCmk("rotate-key", service).with("--key-url", placeholder("versioned key URL")));
        if (url != null && facts.vault().isKnown()) {
            Advice.Step look = step("Look for the key among the vault's deleted keys",
                    Commands.keyListDeleted(url.kind(), url.vaultName()));
            Advice.Step recover = step("if it is there, recover it", Commands.keyRecover(url));
            return repoint == null ? Advice.steps(look, recover) : Advice.steps(look, recover, repoint);
        }
        String check = "Check the key URL and the subscription (--subscription): neither the key nor "
                + (url == null ? "its vault" : url.vaultName()) + " was found";
        return repoint == null ? check + "." : check + "; " + repoint;
    }

    String purgeProtection() {
        return vaultUpdate(Requirement.VAULT_PURGE_PROTECTION, "Turn on purge protection (it cannot be turned off again)",
                "--enable-purge-protection");
    }

    String softDelete() {
        return vaultUpdate(Requirement.VAULT_SOFT_DELETE, "Turn on soft delete", "--enable-soft-delete");
    }

    String firewallBypass() {
        KeyUrl url = keyUrl();
        if (url == null) {
            return Requirement.VAULT_FIREWALL_BYPASS.remedy();
        }
        return Advice.run("Let trusted Microsoft services through the firewall",
                Commands.vaultUpdate(url.kind(), url.vaultName(), vaultId()).with("--bypass", "AzureServices"));
    }

    /**
     * The vault is in another tenant: no role can be granted across tenants, so the key has to move to a vault of
     * the service's tenant, and the service's identity be granted that key.
     */
    String keyInServiceTenant() {
        ServiceId service = service();
        KeyUrl url = keyUrl();
        String home = facts.homeTenantId().orElse(null);
        String tenant = home == null ? "the service's tenant" : "the service's tenant " + home;
        String prose = "Use a key in a vault of " + tenant + " (no role can be granted on a vault of another tenant)";
        if (service == null || url == null) {
            return prose + ".";
        }
        SuggestedCommand create = Commands.keyCreateRsa(url.kind(), placeholder("vault in the service tenant"),
                url.keyName(), false);
        String newKey = placeholder("versioned key URL of the new key");
        return Advice.steps(step(prose + "; create one there", create),
                step("then grant the service's identity that key", Commands.dicomCmk("enable-identity", service)
                        .with("--grant-key-access").with("--key-url", newKey)),
                step("then switch the service to it", Commands.dicomCmk("rotate-key", service).with("--key-url", newKey)));
    }

    String turnOnIdentity() {
        ServiceId service = service();
        return service == null ? Requirement.SERVICE_IDENTITY.remedy()
                : Advice.run("Turn on a system-assigned identity and grant it the key",
                Commands.dicomCmk("enable-identity", service).with("--system-assigned").with("--grant-key-access"));
    }

    String grantKeyAccess() {
        ServiceId service = service();
        return service == null ? Requirement.IDENTITY_KEY_ACCESS.remedy()
                : Advice.run("Grant the service's identity Key Vault Crypto Service Encryption User on the key",
                Commands.dicomCmk("enable-identity", service).with("--grant-key-access"));
    }

    /** The identity changed under the service: grant it as it is now, then make the service take it up. */
    String grantAndRedeploy() {
        ServiceId service = service();
        return service == null ? Requirement.IDENTITY_KEY_ACCESS.remedy()
                : Advice.steps(step("Grant the identity as it is now", Commands.dicomCmk("enable-identity", service)
                        .with("--grant-key-access")), step("then make the service take it up with an ARM deployment",
                        Commands.dicomCmk("update-via-arm", service).with("--deploy")));
    }

    String leastPrivilege() {
        ServiceId service = service();
        return service == null ? Requirement.IDENTITY_LEAST_PRIVILEGE.remedy()
                : Advice.run(Requirement.IDENTITY_LEAST_PRIVILEGE.remedy().replaceAll("\\.$", "")
                        + "; grant that role at the key", Commands.dicomCmk("enable-identity", service)
                        .with("--grant-key-access"));
    }

    String userAssignedForPrivateHsm() {
        ServiceId service = service();
        return service == null ? Requirement.MHSM_PRIVATE_UAMI.remedy()
                : Advice.run("Give the service a user-assigned identity with access to the HSM",
                Commands.dicomCmk("enable-identity", service).with("--user-assigned",
                        placeholder("user-assigned identity ARM id")).with("--grant-key-access"));
    }

    private String vaultUpdate(Requirement r, String what, String flag) {
        KeyUrl url = keyUrl();
        if (url == null) {
            return r.remedy();
        }
        return Advice.run(what, Commands.vaultUpdate(url.kind(), url.vaultName(), vaultId()).with(flag, "true"));
    }

    private KeyUrl keyUrl() {
        return facts.keyUrl().orElse(null);
    }

    /** The key version the facts are about: the one read, else the one the URL names. */
    private KeyUrl currentVersion() {
        return facts.key().isKnown() ? facts.key().value().url() : keyUrl();
    }

    private ServiceId service() {
        return facts.service().map(ServiceFacts::id).orElse(null);
    }

    private String vaultId() {
        return facts.vault().map(VaultFacts::resourceId).orElse(null);
    }
}
