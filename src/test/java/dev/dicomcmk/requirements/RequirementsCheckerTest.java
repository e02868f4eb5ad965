package dev.dicomcmk.requirements;

import dev.dicomcmk.model.AccessFacts.RoleGrant;
import dev.dicomcmk.model.BuiltInRoles;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyFacts.KeyVersionFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.dicomcmk.requirements.FactsFixture.NOW;
import static dev.dicomcmk.requirements.FactsFixture.PRINCIPAL;
import static dev.dicomcmk.requirements.FactsFixture.V1;
import static dev.dicomcmk.requirements.FactsFixture.V2;
import static dev.dicomcmk.requirements.FactsFixture.VAULT_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequirementsCheckerTest {

    private static void expect(Report r, Requirement req, Verdict v, String detailContains) {
        Finding f = r.finding(req);
        assertEquals(v, f.verdict(), req.id() + ": " + f.detail());
        assertTrue(f.detail().contains(detailContains), req.id() + " detail '" + f.detail() + "' lacks '" + detailContains + "'");
    }

    @Test
    void compliantWorldPassesEverythingApplicable() {
        Report r = new FactsFixture().check();
        assertEquals(Requirement.values().length, r.findings().size());
        for (Finding f : r.findings()) {
            if (f.requirement() == Requirement.MHSM_PRIVATE_UAMI) {
                assertEquals(Verdict.SKIP, f.verdict());
                assertTrue(f.detail().startsWith("not applicable"));
            } else {
                assertEquals(Verdict.PASS, f.verdict(), f.requirement().id() + ": " + f.detail());
            }
        }
        assertTrue(!r.hasFailures(true));
    }

    @Test
    void keySizeAndTypeRules() {
        FactsFixture f = new FactsFixture();
        f.bits = 4096;
        expect(f.check(), Requirement.KEY_SIZE, Verdict.FAIL, "RSA-HSM 4096 bits; the DICOM service accepts 2048 or 3072");
        f.bits = 2048;
        f.kty = "RSA";
        expect(f.check(), Requirement.KEY_SIZE, Verdict.PASS, "2048");
        expect(f.check(), Requirement.KEY_TYPE, Verdict.PASS, "RSA");
        f.kty = "EC";
        f.bits = null;
        f.curve = "P-256";
        f.ops = List.of("sign", "verify");
        Report r = f.check();
        expect(r, Requirement.KEY_TYPE, Verdict.FAIL, "EC P-256");
        expect(r, Requirement.KEY_SIZE, Verdict.SKIP, "not applicable");
        expect(r, Requirement.KEY_OPS, Verdict.FAIL, "wrapKey and unwrapKey");
        // an EC key cannot be given wrapKey/unwrapKey: the remedy is a new RSA key, not set-attributes --ops
        assertFalse(r.finding(Requirement.KEY_OPS).remedy().contains("set-attributes"), r.finding(Requirement.KEY_OPS).remedy());
        assertTrue(r.finding(Requirement.KEY_OPS).remedy().contains("az keyvault key create"));
        // a size some JWKs report for EC keys is not an RSA size: the line names the curve
        f.bits = 3072;
        r = f.check();
        expect(r, Requirement.KEY_SIZE, Verdict.SKIP, "P-256");
        assertFalse(r.finding(Requirement.KEY_SIZE).detail().contains("bits"), r.finding(Requirement.KEY_SIZE).detail());
        assertFalse(r.finding(Requirement.KEY_TYPE).detail().contains("bits"), r.finding(Requirement.KEY_TYPE).detail());
    }

    @Test
    void versionlessUrlFails() {
        FactsFixture f = new FactsFixture();
        f.url = f.url.withVersion(null);
        Report r = f.check();
        expect(r, Requirement.KEY_URL_VERSIONED, Verdict.FAIL, "names no version");
        expect(r, Requirement.KEY_AUTO_ROTATION_GAP, Verdict.SKIP, "no version");
    }

    @Test
    void disabledExpiredAndExpiringKeys() {
        FactsFixture f = new FactsFixture();
        f.enabled = false;
        expect(f.check(), Requirement.KEY_ENABLED, Verdict.FAIL, "disabled");
        f.enabled = true;
        f.expires = NOW.minus(Duration.ofDays(1));
        expect(f.check(), Requirement.KEY_ENABLED, Verdict.FAIL, "expired");
        expect(f.check(), Requirement.KEY_EXPIRY_HORIZON, Verdict.FAIL, "expired");
        f.expires = NOW.plus(Duration.ofDays(10));
        expect(f.check(), Requirement.KEY_EXPIRY_HORIZON, Verdict.WARN, "expires in 10 days");
        f.expires = null;
        expect(f.check(), Requirement.KEY_EXPIRY_HORIZON, Verdict.PASS, "no expiry");
    }

    @Test
    void deletedKeyFailsKeyEnabledOthersSkip() {
        FactsFixture f = new FactsFixture();
        f.keyOverride = Observed.unknown("key demo-key version " + V2 + " was not found in demo-kv");
        f.keyNotFound = true;
        Report r = f.check();
        expect(r, Requirement.KEY_ENABLED, Verdict.FAIL, "not found");
        expect(r, Requirement.KEY_SIZE, Verdict.SKIP, "not found");
    }

    @Test
    void forbiddenKeyReadSkipsWithTheReason() {
        FactsFixture f = new FactsFixture();
        f.keyOverride = Observed.unknown("no permission to read key demo-key in demo-kv (HTTP 403 Forbidden/ForbiddenByRbac)");
        Report r = f.check();
        for (Requirement req : List.of(Requirement.KEY_TYPE, Requirement.KEY_SIZE, Requirement.KEY_ENABLED,
                Requirement.KEY_EXPIRY_HORIZON, Requirement.KEY_OPS, Requirement.KEY_OLD_VERSIONS_ENABLED,
                Requirement.KEY_ROTATION_AGE, Requirement.KEY_AUTO_ROTATION_GAP)) {
            expect(r, req, Verdict.SKIP, "no permission");
        }
        expect(r, Requirement.VAULT_PURGE_PROTECTION, Verdict.PASS, "on");
    }

    @Test
    void oldVersionsAgeAndRotationGap() {
        FactsFixture f = new FactsFixture();
        f.versions = List.of(new KeyVersionFacts(V1, false, NOW.minus(Duration.ofDays(200)), null, null),
                new KeyVersionFacts(V2, true, NOW.minus(Duration.ofDays(40)), null, null));
        expect(f.check(), Requirement.KEY_OLD_VERSIONS_ENABLED, Verdict.WARN, V1);
        f.created = NOW.minus(Duration.ofDays(400));
        expect(f.check(), Requirement.KEY_ROTATION_AGE, Verdict.WARN, "400 days");
        // the service is on V1 while V2 is newer
        f = new FactsFixture();
        f.url = f.url.withVersion(V1);
        f.created = NOW.minus(Duration.ofDays(200));
        f.policy = Observed.known(new KeyFacts.RotationPolicyFacts("P90D", null, "P2Y"));
        Report r = f.check();
        expect(r, Requirement.KEY_AUTO_ROTATION_GAP, Verdict.WARN, "version " + V2);
        expect(r, Requirement.KEY_AUTO_ROTATION_GAP, Verdict.WARN, "will not follow");
    }

    @Test
    void vaultRules() {
        FactsFixture f = new FactsFixture();
        f.vault = new VaultFacts(VaultKind.KEY_VAULT, VAULT_ID, "demo-kv", "westus2", "99999999-0000-0000-0000-000000000000",
                true, 90, null, true, List.of(), "Deny", "None", List.of(), "Enabled", 0);
        Report r = f.check();
        expect(r, Requirement.VAULT_PURGE_PROTECTION, Verdict.FAIL, "off");
        expect(r, Requirement.VAULT_SAME_TENANT, Verdict.FAIL, "99999999");
        expect(r, Requirement.VAULT_FIREWALL_BYPASS, Verdict.FAIL, "bypass None");
        expect(r, Requirement.IDENTITY_KEY_ACCESS, Verdict.FAIL, "accepts only tenant");
        f.vaultOverride = Observed.unknown("find Key Vault demo-kv: not found");
        r = f.check();
        expect(r, Requirement.KEY_LOCATION, Verdict.WARN, "could not be read");
        expect(r, Requirement.VAULT_SOFT_DELETE, Verdict.SKIP, "not found");
    }

    @Test
    void identityAndAccessRules() {
        FactsFixture f = new FactsFixture();
        f.identityType = "None";
        f.systemPrincipal = null;
        f.identities = List.of();
        f.grants = List.of();
        Report r = f.check();
        expect(r, Requirement.SERVICE_IDENTITY, Verdict.FAIL, "no managed identity");
        expect(r, Requirement.IDENTITY_KEY_ACCESS, Verdict.FAIL, "no managed identity");
        expect(r, Requirement.IDENTITY_LEAST_PRIVILEGE, Verdict.SKIP, "no managed identity");

        f = new FactsFixture();
        f.grants = List.of();
        r = f.check();
        expect(r, Requirement.IDENTITY_KEY_ACCESS, Verdict.FAIL, "has no Key Vault Crypto Service Encryption User");
        expect(r, Requirement.IDENTITY_LEAST_PRIVILEGE, Verdict.SKIP, "no access");

        f.grants = List.of(new RoleGrant("ra", PRINCIPAL, VAULT_ID, BuiltInRoles.KV_CRYPTO_OFFICER, false));
        r = f.check();
        expect(r, Requirement.IDENTITY_KEY_ACCESS, Verdict.PASS, "Key Vault Crypto Officer at vault scope");
        expect(r, Requirement.IDENTITY_LEAST_PRIVILEGE, Verdict.WARN, "Key Vault Crypto Officer");

        // a grant on another key or another principal does not count
        f.grants = List.of(new RoleGrant("ra", PRINCIPAL, VAULT_ID + "/keys/other-key",
                        BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER, false),
                new RoleGrant("rb", "bbbbbbbb-0000-0000-0000-000000000002", VAULT_ID,
                        BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER, false));
        expect(f.check(), Requirement.IDENTITY_KEY_ACCESS, Verdict.FAIL, "has no");

        // encryption user at the resource group: works, but broader than the key
        f.grants = List.of(new RoleGrant("ra", PRINCIPAL, "/subscriptions/" + FactsFixture.SUB + "/resourceGroups/demo-rg",
                BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER, false));
        r = f.check();
        expect(r, Requirement.IDENTITY_KEY_ACCESS, Verdict.PASS, "resource group scope");
        expect(r, Requirement.IDENTITY_LEAST_PRIVILEGE, Verdict.WARN, "every key there");
    }

    @Test
    void accessPolicyVault() {
        FactsFixture f = new FactsFixture();
        f.vault = new VaultFacts(VaultKind.KEY_VAULT, VAULT_ID, "demo-kv", "westus2", FactsFixture.TENANT, true, 90, true,
                false, List.of(new VaultFacts.AccessPolicy(FactsFixture.TENANT, PRINCIPAL, List.of("get", "wrapKey", "unwrapKey"))),
                null, null, List.of(), null, 0);
        f.grants = List.of();
        Report r = f.check();
        expect(r, Requirement.IDENTITY_KEY_ACCESS, Verdict.PASS, "access policy");
        expect(r, Requirement.IDENTITY_LEAST_PRIVILEGE, Verdict.PASS, "only");
        f.vault = new VaultFacts(VaultKind.KEY_VAULT, VAULT_ID, "demo-kv", "westus2", FactsFixture.TENANT, true, 90, true,
                false, List.of(new VaultFacts.AccessPolicy(FactsFixture.TENANT, PRINCIPAL, List.of("get", "wrapKey", "unwrapKey", "delete", "purge"))),
                null, null, List.of(), null, 0);
        expect(f.check(), Requirement.IDENTITY_LEAST_PRIVILEGE, Verdict.WARN, "delete, purge");
        f.vault = new VaultFacts(VaultKind.KEY_VAULT, VAULT_ID, "demo-kv", "westus2", FactsFixture.TENANT, true, 90, true,
                false, List.of(new VaultFacts.AccessPolicy(FactsFixture.TENANT, PRINCIPAL, List.of("get"))),
                null, null, List.of(), null, 0);
        expect(f.check(), Requirement.IDENTITY_KEY_ACCESS, Verdict.FAIL, "access policy with get, wrapKey and unwrapKey");
    }

    @Test
    void managedHsmRules() {
        FactsFixture f = new FactsFixture();
        f.url = KeyUrl.parse("https://demo-hsm.managedhsm.azure.net/keys/demo-key/" + V2, "vault.azure.net", "managedhsm.azure.net");
        String hsmId = "/subscriptions/" + FactsFixture.SUB + "/resourceGroups/demo-rg/providers/Microsoft.KeyVault/managedHSMs/demo-hsm";
        f.vault = new VaultFacts(VaultKind.MANAGED_HSM, hsmId, "demo-hsm", "westus2", FactsFixture.TENANT, null, 90, true,
                true, List.of(), null, null, List.of(), "Disabled", 1);
        f.grants = List.of(new RoleGrant("ra", PRINCIPAL, "/keys/demo-key", BuiltInRoles.HSM_CRYPTO_SERVICE_ENCRYPTION_USER, true));
        Report r = f.check();
        expect(r, Requirement.VAULT_SOFT_DELETE, Verdict.PASS, "always on");
        expect(r, Requirement.IDENTITY_KEY_ACCESS, Verdict.PASS, "Managed HSM Crypto Service Encryption User at HSM scope /keys/demo-key");
        expect(r, Requirement.IDENTITY_LEAST_PRIVILEGE, Verdict.PASS, "only");
        expect(r, Requirement.MHSM_PRIVATE_UAMI, Verdict.FAIL, "no user-assigned identity");
        // an Azure RBAC grant (not local) does not open a Managed HSM key
        f.grants = List.of(new RoleGrant("ra", PRINCIPAL, hsmId, BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER, false));
        expect(f.check(), Requirement.IDENTITY_KEY_ACCESS, Verdict.FAIL, "has no Managed HSM");
    }

    @Test
    void keyOnlyModeSkipsServiceRequirementsSaying() {
        FactsFixture f = new FactsFixture();
        f.withService = false;
        Report r = f.check();
        expect(r, Requirement.SERVICE_IDENTITY, Verdict.SKIP, "no service given");
        expect(r, Requirement.IDENTITY_KEY_ACCESS, Verdict.SKIP, "no service given");
        expect(r, Requirement.KEY_AUTO_ROTATION_GAP, Verdict.PASS, "this URL names");
        expect(r, Requirement.KEY_SIZE, Verdict.PASS, "3072");
    }
}
