package dev.dicomcmk.diagnosis;

import dev.dicomcmk.model.DiagnosisFacts;
import dev.dicomcmk.model.AccessFacts;
import dev.dicomcmk.model.AccessFacts.RoleGrant;
import dev.dicomcmk.model.BuiltInRoles;
import dev.dicomcmk.model.DeletedKeyFacts;
import dev.dicomcmk.model.HealthFacts;
import dev.dicomcmk.model.IdentityFacts;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.ProbeResult;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultKind;
import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.model.CmkFacts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A healthy CMK service in memory; each test changes the one fact its case is about. */
final class DiagnosisFixture {
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String SUB = "11111111-2222-3333-4444-555555555555";
    static final String PRINCIPAL = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String VERSION = "00000000000000000000000000000002";
    static final String VAULT_ID = "/subscriptions/" + SUB + "/resourceGroups/demo-rg/providers/Microsoft.KeyVault/vaults/demo-kv";
    static final ServiceId SERVICE = ServiceId.of(SUB, "demo-rg", "demo-ws", "demo-dicom");

    KeyUrl url = KeyUrl.parse("https://demo-kv.vault.azure.net/keys/demo-key/" + VERSION, "vault.azure.net",
            "managedhsm.azure.net");
    boolean enabled = true;
    Instant updated = NOW.minus(Duration.ofDays(40));
    Instant expires = NOW.plus(Duration.ofDays(700));
    Observed<KeyFacts> keyOverride;
    boolean keyNotFound;
    Boolean purgeProtection = true;
    String bypass = "AzureServices";
    String defaultAction = "Allow";
    String vaultTenant = TENANT;
    String identityType = "SystemAssigned";
    List<IdentityFacts> identities = List.of(new IdentityFacts(IdentityFacts.Kind.SYSTEM_ASSIGNED, null, PRINCIPAL,
            TENANT, IdentityFacts.Presence.PRESENT, null));
    Map<String, ServiceFacts.UserAssignedRef> uamis = Map.of();
    List<RoleGrant> grants = List.of(new RoleGrant("ra1", PRINCIPAL, VAULT_ID + "/keys/demo-key",
            BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER, false));
    Observed<HealthFacts> health = Observed.known(new HealthFacts("Available", NOW.minus(Duration.ofDays(3)), null, null));
    Observed<DeletedKeyFacts> deletedKey = Observed.unknown("not looked for: the key exists");
    Observed<ProbeResult> probe = Observed.unknown("not probed (add --probe to call the DICOM API)");

    DiagnosisFixture unavailableSince(Duration ago) {
        health = Observed.known(new HealthFacts("Unavailable", NOW.minus(ago),
                "The DICOM service can't access its customer-managed key.", "Unplanned"));
        return this;
    }

    DiagnosisFacts facts() {
        Observed<KeyFacts> key = keyOverride != null ? keyOverride : Observed.known(new KeyFacts(url, "RSA-HSM", 3072,
                null, List.of("wrapKey", "unwrapKey"), enabled, null, expires, NOW.minus(Duration.ofDays(40)), updated,
                "Recoverable", Observed.known(List.of(new KeyFacts.KeyVersionFacts(VERSION, enabled,
                NOW.minus(Duration.ofDays(40)), null, null))), Observed.known(new KeyFacts.RotationPolicyFacts(null, null, null))));
        VaultFacts vault = new VaultFacts(VaultKind.KEY_VAULT, VAULT_ID, "demo-kv", "westus2", vaultTenant, true, 90,
                purgeProtection, true, List.of(), defaultAction, bypass, List.of(), "Enabled", 0);
        boolean system = identityType.contains("SystemAssigned");
        ServiceFacts service = new ServiceFacts(SERVICE, "westus2", "Succeeded", "\"etag\"",
                "https://demo-ws-demo-dicom.dicom.azurehealthcareapis.com", identityType, system ? PRINCIPAL : null,
                system ? TENANT : null, uamis, url.url());
        CmkFacts cmk = new CmkFacts(NOW, Observed.known(url.url()), Observed.known(url), key, keyNotFound,
                Observed.known(vault), Observed.known(TENANT), Observed.known(service), Observed.known(identities),
                Observed.known(new AccessFacts(grants)));
        return new DiagnosisFacts(SERVICE, cmk, health, deletedKey, probe);
    }

    Diagnosis diagnose() {
        return new Runbook(CheckSettings.defaults()).diagnose(facts());
    }
}
