package dev.dicomcmk.requirements;

import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.model.AccessFacts;
import dev.dicomcmk.model.AccessFacts.RoleGrant;
import dev.dicomcmk.model.BuiltInRoles;
import dev.dicomcmk.model.IdentityFacts;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyFacts.KeyVersionFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A compliant world built in memory, changed one fact at a time by the tests. */
final class FactsFixture {
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String SUB = "11111111-2222-3333-4444-555555555555";
    static final String PRINCIPAL = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String V1 = "00000000000000000000000000000001";
    static final String V2 = "00000000000000000000000000000002";
    static final String VAULT_ID = "/subscriptions/" + SUB + "/resourceGroups/demo-rg/providers/Microsoft.KeyVault/vaults/demo-kv";

    KeyUrl url = KeyUrl.parse("https://demo-kv.vault.azure.net/keys/demo-key/" + V2, "vault.azure.net", "managedhsm.azure.net");
    String kty = "RSA-HSM";
    Integer bits = 3072;
    String curve;
    List<String> ops = List.of("wrapKey", "unwrapKey");
    boolean enabled = true;
    Instant expires = NOW.plus(Duration.ofDays(700));
    Instant created = NOW.minus(Duration.ofDays(40));
    List<KeyVersionFacts> versions = List.of(
            new KeyVersionFacts(V1, true, NOW.minus(Duration.ofDays(200)), null, null),
            new KeyVersionFacts(V2, true, NOW.minus(Duration.ofDays(40)), null, null));
    Observed<KeyFacts.RotationPolicyFacts> policy = Observed.known(new KeyFacts.RotationPolicyFacts(null, null, null));
    Observed<KeyFacts> keyOverride;
    boolean keyNotFound;
    VaultFacts vault = new VaultFacts(VaultKind.KEY_VAULT, VAULT_ID, "demo-kv", "westus2", TENANT, true, 90, true, true,
            List.of(), "Allow", "AzureServices", List.of(), "Enabled", 0);
    Observed<VaultFacts> vaultOverride;
    String identityType = "SystemAssigned";
    String systemPrincipal = PRINCIPAL;
    Map<String, ServiceFacts.UserAssignedRef> uamis = Map.of();
    List<IdentityFacts> identities = List.of(new IdentityFacts(IdentityFacts.Kind.SYSTEM_ASSIGNED, null, PRINCIPAL, TENANT, IdentityFacts.Presence.PRESENT, null));
    List<RoleGrant> grants = List.of(new RoleGrant("ra1", PRINCIPAL, VAULT_ID + "/keys/demo-key",
            BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER, false));
    boolean withService = true;

    CmkFacts facts() {
        Observed<KeyFacts> key = keyOverride != null ? keyOverride : Observed.known(new KeyFacts(url, kty, bits, curve, ops,
                enabled, null, expires, created, created, "Recoverable", Observed.known(versions), policy));
        ServiceFacts service = new ServiceFacts(ServiceId.of(SUB, "demo-rg", "demo-ws", "demo-dicom"), "westus2",
                "Succeeded", "\"etag\"", "https://demo-ws-demo-dicom.dicom.azurehealthcareapis.com", identityType,
                systemPrincipal, TENANT, uamis, url.url());
        return new CmkFacts(NOW, Observed.known(url.url()), Observed.known(url), key, keyNotFound,
                vaultOverride != null ? vaultOverride : Observed.known(vault), Observed.known(TENANT),
                withService ? Observed.known(service) : Observed.unknown("no service given (--service)"),
                withService ? Observed.known(identities) : Observed.unknown("no service given (--service)"),
                withService ? Observed.known(new AccessFacts(grants)) : Observed.unknown("no service given (--service)"));
    }

    Report check() {
        return new RequirementsChecker(CheckSettings.defaults()).check("subject", facts());
    }
}
