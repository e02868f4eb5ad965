package dev.dicomcmk.preflight;

import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.requirements.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

import static dev.dicomcmk.preflight.Preflights.goodExcept;
import static dev.dicomcmk.preflight.Preflights.only;
import static dev.dicomcmk.preflight.Preflights.verdicts;
import static dev.dicomcmk.requirements.Requirement.*;
import static dev.dicomcmk.requirements.Verdict.FAIL;
import static dev.dicomcmk.requirements.Verdict.PASS;
import static dev.dicomcmk.requirements.Verdict.SKIP;
import static dev.dicomcmk.requirements.Verdict.WARN;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplatePreflightTest {

    @Test
    void docsSystemAssignedTemplateLeavesAllButTheIdentityToDeployment() {
        Report report = only("docs-system-assigned.json");
        Map<Requirement, Verdict> expected = new EnumMap<>(Requirement.class);
        for (Requirement r : Requirement.values()) {
            expected.put(r, SKIP);
        }
        expected.put(SERVICE_IDENTITY, PASS);
        assertEquals(expected, verdicts(report));
        assertEquals("not determinable offline: parameters('keyEncryptionKeyUrl')",
                report.finding(KEY_URL_VERSIONED).detail());
        assertEquals(31, report.finding(KEY_URL_VERSIONED).location().line());
    }

    @Test
    void docsUserAssignedTemplateIsFlaggedForCryptoOfficer() {
        Report report = only("docs-user-assigned.json");
        Map<Requirement, Verdict> expected = goodExcept(
                entry(VAULT_SAME_TENANT, SKIP),          // tenantId is a parameter: deployment decides
                entry(IDENTITY_LEAST_PRIVILEGE, WARN));  // Key Vault Crypto Officer, at resource group scope
        assertEquals(expected, verdicts(report));
        Finding least = report.finding(IDENTITY_LEAST_PRIVILEGE);
        assertTrue(least.detail().contains("Key Vault Crypto Officer"), least.detail());
        assertEquals(new Finding.Location("docs-user-assigned.json", "/resources/3/properties/roleDefinitionId", 77),
                least.location());
        assertTrue(report.finding(VAULT_SAME_TENANT).detail().contains("parameters('tenantId')"));
        assertEquals("https://{parameters('keyVaultName')}.vault.azure.net/keys/{parameters('keyName')}/{version at deployment}",
                report.keyUrl());
    }

    @Test
    void goodTemplatesPassWhatATemplateCanShow() {
        assertEquals(Preflights.good(), verdicts(only("good-system-assigned.json")));
        assertEquals(Preflights.good(), verdicts(only("good-nested.json")));
    }

    static Stream<Arguments> failing() {
        return Stream.of(
                Arguments.of("fail-key-4096.json", goodExcept(entry(KEY_SIZE, FAIL))),
                Arguments.of("fail-key-ec.json", goodExcept(entry(KEY_TYPE, FAIL), entry(KEY_SIZE, SKIP))),
                Arguments.of("fail-key-uri-versionless.json", goodExcept(entry(KEY_URL_VERSIONED, FAIL))),
                Arguments.of("fail-purge-protection-off.json", goodExcept(entry(VAULT_PURGE_PROTECTION, FAIL))),
                Arguments.of("fail-soft-delete-off.json", goodExcept(entry(VAULT_SOFT_DELETE, FAIL))),
                Arguments.of("fail-firewall-no-bypass.json", goodExcept(entry(VAULT_FIREWALL_BYPASS, FAIL))),
                Arguments.of("fail-no-identity.json", goodExcept(entry(SERVICE_IDENTITY, FAIL),
                        entry(IDENTITY_KEY_ACCESS, FAIL), entry(IDENTITY_LEAST_PRIVILEGE, SKIP))),
                Arguments.of("fail-wrong-role.json", goodExcept(entry(IDENTITY_KEY_ACCESS, FAIL))),
                Arguments.of("fail-role-wrong-principal.json", goodExcept(entry(IDENTITY_KEY_ACCESS, FAIL),
                        entry(IDENTITY_LEAST_PRIVILEGE, SKIP))),
                Arguments.of("fail-key-ops-no-wrap.json", goodExcept(entry(KEY_OPS, FAIL))),
                Arguments.of("fail-key-disabled.json", goodExcept(entry(KEY_ENABLED, FAIL))),
                Arguments.of("fail-key-expired.json", goodExcept(entry(KEY_ENABLED, FAIL), entry(KEY_EXPIRY_HORIZON, FAIL))),
                Arguments.of("warn-crypto-officer-at-vault.json", goodExcept(entry(IDENTITY_LEAST_PRIVILEGE, WARN))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failing")
    void eachHandMadeTemplateFailsExactlyItsRequirement(String template, Map<Requirement, Verdict> expected) {
        Report report = only(template);
        assertEquals(expected, verdicts(report), template);
        for (Finding f : report.findings()) {
            assertTrue(f.location() != null && f.location().line() >= 1, f.requirement().id() + " has a line");
        }
    }

    @Test
    void findingsPointAtTheMostSpecificPlace() {
        assertEquals(new Finding.Location("fail-key-4096.json", "/resources/1/properties/keySize", 61),
                only("fail-key-4096.json").finding(KEY_SIZE).location());
        // absent enablePurgeProtection: the vault's properties, where it belongs
        assertEquals(new Finding.Location("fail-purge-protection-off.json", "/resources/0/properties", 36),
                only("fail-purge-protection-off.json").finding(VAULT_PURGE_PROTECTION).location());
        assertEquals("/resources/0/properties/networkAcls/bypass",
                only("fail-firewall-no-bypass.json").finding(VAULT_FIREWALL_BYPASS).location().jsonPointer());
        assertEquals("/resources/5/properties/principalId",
                only("fail-role-wrong-principal.json").finding(IDENTITY_KEY_ACCESS).location().jsonPointer());
    }

    @Test
    void aLiteralTenantIsAnotherTenantOnlyWhenTheDeploymentTenantIsKnown() {
        String other = "22222222-2222-2222-2222-222222222222";
        // the service's identity lives in the deployment's tenant too, so it cannot reach that vault either
        assertEquals(goodExcept(entry(VAULT_SAME_TENANT, FAIL), entry(IDENTITY_KEY_ACCESS, FAIL)),
                verdicts(only("fail-other-tenant.json", null, other)));
        Report unknown = only("fail-other-tenant.json");
        assertEquals(goodExcept(entry(VAULT_SAME_TENANT, SKIP)), verdicts(unknown));
        assertTrue(unknown.finding(VAULT_SAME_TENANT).detail().contains("not determinable offline"));
        assertEquals(Preflights.good(), verdicts(only("fail-other-tenant.json", null, "11111111-1111-1111-1111-111111111111")));
    }

    @Test
    void aKeyUrlFromTheParametersFilePointsIntoIt() {
        Report versionless = only("literal-key-url.json", "literal-key-url.versionless.parameters.json", null);
        assertEquals(goodExcept(entry(KEY_URL_VERSIONED, FAIL)), verdicts(versionless));
        assertEquals(new Finding.Location("literal-key-url.versionless.parameters.json",
                "/parameters/keyEncryptionKeyUrl/value", 9), versionless.finding(KEY_URL_VERSIONED).location());
        Report versioned = only("literal-key-url.json", "literal-key-url.versioned.parameters.json", null);
        assertEquals(Preflights.good(), verdicts(versioned));
        assertEquals("https://kv-pacs.vault.azure.net/keys/dicom-cmk/0123456789abcdef0123456789abcdef", versioned.keyUrl());
    }

    @Test
    void liveOnlyRequirementsSayWhy() {
        Report report = only("good-system-assigned.json");
        for (Requirement r : new Requirement[] {KEY_OLD_VERSIONS_ENABLED, KEY_ROTATION_AGE, KEY_AUTO_ROTATION_GAP}) {
            assertTrue(report.finding(r).detail().contains("not determinable offline"), report.finding(r).detail());
        }
    }
}
