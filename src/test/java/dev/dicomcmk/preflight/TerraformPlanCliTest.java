package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.cli.CliRunner.Result;
import dev.dicomcmk.output.SarifSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * validate-key --terraform-plan through the real command line, on plans written by hand in the
 * shape of 'terraform show -json' (format_version 1.x): each link of the chain service → key →
 * vault → identity → role assignment, in the root module, in a module and under for_each.
 */
class TerraformPlanCliTest {
    private static final String DIR = "src/test/resources/terraform/";
    private static final String GOOD = DIR + "good.tfplan.json";

    private static void assertExit(int code, Result r) {
        assertEquals(code, r.exitCode(), r.describe());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.describe());
    }

    /** The JSON document of a run (-o json). */
    private static JsonNode json(int exit, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-o", "json", "validate-key"));
        all.addAll(List.of(args));
        Result r = CliRunner.exec(all.toArray(String[]::new));
        assertExit(exit, r);
        return new ObjectMapper().readTree(r.out());
    }

    private static JsonNode finding(JsonNode report, String id) {
        for (JsonNode f : report.path("findings")) {
            if (f.path("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no " + id + " in " + report);
    }

    @Test
    void aGoodChainExitsZero() {
        Result r = CliRunner.exec("validate-key", "--terraform-plan", GOOD);
        assertExit(0, r);
        assertTrue(r.out().contains("14 passed, 0 warned, 0 failed, 4 skipped"), r.describe());
        assertTrue(r.out().contains("azurerm_healthcare_dicom_service.this (root module, " + GOOD + ")"), r.describe());
        assertTrue(r.out().contains("via Key Vault Crypto Service Encryption User at key scope"), r.describe());
        assertEquals("", r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "fail-versionless-key-url, KEY-URL-VERSIONED, FAIL, azurerm_healthcare_dicom_service.this, .id (the versioned id), -",
        "fail-key-type-ec, KEY-TYPE, FAIL, azurerm_key_vault_key.cmk.key_type, key_type = \"RSA-HSM\", KEY-OPS",
        "fail-key-size-4096, KEY-SIZE, FAIL, azurerm_key_vault_key.cmk.key_size, key_size = 3072, -",
        "fail-key-opts-no-wrap, KEY-OPS, FAIL, azurerm_key_vault_key.cmk.key_opts, in key_opts, -",
        "fail-purge-protection-off, VAULT-PURGE-PROTECTION, FAIL, azurerm_key_vault.kv.purge_protection_enabled, purge_protection_enabled = true, -",
        "fail-firewall-no-bypass, VAULT-FIREWALL-BYPASS, FAIL, azurerm_key_vault.kv.network_acls, bypass = \"AzureServices\", -",
        "fail-other-tenant, VAULT-SAME-TENANT, FAIL, azurerm_key_vault.kv.tenant_id, data.azurerm_client_config.current.tenant_id, IDENTITY-KEY-ACCESS",
        "fail-no-identity, SERVICE-IDENTITY, FAIL, azurerm_healthcare_dicom_service.this.identity, identity { type = \"SystemAssigned\" }, IDENTITY-KEY-ACCESS",
        "fail-role-on-another-key, IDENTITY-KEY-ACCESS, FAIL, azurerm_healthcare_dicom_service.this.identity, azurerm_role_assignment, -",
        "warn-crypto-officer, IDENTITY-LEAST-PRIVILEGE, WARN, azurerm_role_assignment.dicom_key.role_definition_name, Key Vault Crypto Service Encryption User, -",
        "warn-administrator-at-vault, IDENTITY-LEAST-PRIVILEGE, WARN, azurerm_role_assignment.dicom_key.role_definition_name, Key Vault Crypto Service Encryption User, -",
        "warn-inline-access-policy-purge, IDENTITY-LEAST-PRIVILEGE, WARN, azurerm_key_vault.kv.access_policy, [\"Get\", \"WrapKey\", \"UnwrapKey\"] only, -",
        "warn-access-policy-resource, IDENTITY-LEAST-PRIVILEGE, WARN, azurerm_key_vault_access_policy.dicom.key_permissions, [\"Get\", \"WrapKey\", \"UnwrapKey\"] only, -",
        "fail-private-hsm-system-assigned, MHSM-PRIVATE-UAMI, FAIL, azurerm_healthcare_dicom_service.this.identity, identity_ids, -",
    })
    void eachBrokenLinkExitsThreeWithItsIdAddressAndTerraformFix(String plan, String id, String verdict, String address,
                                                                 String fix, String also) throws Exception {
        String file = DIR + plan + ".tfplan.json";
        // warnings fail only with --strict, as with --template
        JsonNode doc = verdict.equals("WARN") ? json(3, "--terraform-plan", file, "--strict")
                : json(3, "--terraform-plan", file);
        JsonNode report = doc.at("/reports/0");
        JsonNode f = finding(report, id);
        assertEquals(verdict, f.path("verdict").asText(), f.toString());
        assertEquals(address, f.at("/location/jsonPointer").asText(), f.toString());
        assertEquals(file, f.at("/location/file").asText());
        assertTrue(f.at("/location/line").asInt() > 0, f.toString());
        assertTrue(f.path("remedy").asText().contains(fix), f.toString());
        if (verdict.equals("WARN")) {
            assertExit(0, CliRunner.exec("validate-key", "--terraform-plan", file));
        }
        // every other requirement passes or is skipped, but for what follows from the broken link
        // (an EC key permits no wrapKey; no identity or a foreign tenant means no access)
        for (JsonNode other : report.path("findings")) {
            if (!other.path("id").asText().equals(id) && !other.path("id").asText().equals(also)) {
                assertFalse(other.path("verdict").asText().equals("FAIL") || other.path("verdict").asText().equals("WARN"),
                        plan + ": " + other);
            }
        }
    }

    @Test
    void anIdentityWithTheRoleOnAnotherKeyHasNoAccess() throws Exception {
        JsonNode f = finding(json(3, "--terraform-plan", DIR + "fail-role-on-another-key.tfplan.json").at("/reports/0"),
                "IDENTITY-KEY-ACCESS");
        assertTrue(f.path("detail").asText().contains("has no Key Vault Crypto Service Encryption User"), f.toString());
    }

    @Test
    void aPrivateManagedHsmReachedWithAUserAssignedIdentityPasses() throws Exception {
        JsonNode report = json(0, "--terraform-plan", DIR + "hsm-private-user-assigned.tfplan.json").at("/reports/0");
        assertEquals("PASS", finding(report, "MHSM-PRIVATE-UAMI").path("verdict").asText(), report.toString());
        JsonNode identity = finding(report, "SERVICE-IDENTITY");
        assertEquals("PASS", identity.path("verdict").asText());
        assertTrue(identity.path("detail").asText().contains("1 user-assigned"), identity.toString());
        assertTrue(report.path("keyUrl").asText().startsWith("https://hsm-dicom.managedhsm.azure.net/keys/dicom-cmk/"),
                report.toString());
        // this plan makes no Managed HSM local role assignment: access is left open, not guessed
        assertEquals("SKIP", finding(report, "IDENTITY-KEY-ACCESS").path("verdict").asText());
    }

    @Test
    void managedHsmLocalRoleAssignmentsAreTheIdentitysGrantOnAnHsmKey() throws Exception {
        // Managed HSM Crypto Service Encryption User at /keys/<key>, for the user-assigned identity: access, least privilege
        JsonNode good = json(0, "--terraform-plan", DIR + "hsm-role-assignment-good.tfplan.json").at("/reports/0");
        JsonNode access = finding(good, "IDENTITY-KEY-ACCESS");
        assertEquals("PASS", access.path("verdict").asText(), good.toString());
        assertTrue(access.path("detail").asText().contains("via Managed HSM Crypto Service Encryption User at HSM scope "
                + "/keys/dicom-cmk"), access.toString());
        assertEquals("PASS", finding(good, "IDENTITY-LEAST-PRIVILEGE").path("verdict").asText(), good.toString());

        // Crypto User (read from a role definition data source) at /keys: access, but broader than needed: WARN, as
        // a Key Vault's Crypto Officer is, and as --template judges it (exit 3 only with --strict)
        String broad = DIR + "hsm-role-assignment-crypto-user.tfplan.json";
        JsonNode warned = finding(json(3, "--terraform-plan", broad, "--strict").at("/reports/0"), "IDENTITY-LEAST-PRIVILEGE");
        assertEquals("WARN", warned.path("verdict").asText(), warned.toString());
        // its role_definition_id is known only after apply (a data source's id): the finding points at the resource
        assertEquals("azurerm_key_vault_managed_hardware_security_module_role_assignment.dicom",
                warned.at("/location/jsonPointer").asText(), warned.toString());
        assertTrue(warned.path("remedy").asText().contains("33413926-3206-4cdd-b39a-83574fe37a17"), warned.toString());
        assertExit(0, CliRunner.exec("validate-key", "--terraform-plan", broad));

        // the assignment is on another key: no access, and the fix is an HSM role assignment, not an azurerm_role_assignment
        JsonNode other = finding(json(3, "--terraform-plan", DIR + "hsm-role-assignment-other-key.tfplan.json")
                .at("/reports/0"), "IDENTITY-KEY-ACCESS");
        assertEquals("FAIL", other.path("verdict").asText(), other.toString());
        assertTrue(other.path("remedy").asText().startsWith(
                "Add an azurerm_key_vault_managed_hardware_security_module_role_assignment"), other.toString());
    }

    @Test
    void theServicesTenantComesFromTheClientConfigElseTenantElseSkip() throws Exception {
        String plan = DIR + "no-client-config.tfplan.json";
        JsonNode skipped = finding(json(0, "--terraform-plan", plan).at("/reports/0"), "VAULT-SAME-TENANT");
        assertEquals("SKIP", skipped.path("verdict").asText());
        assertTrue(skipped.path("detail").asText().contains("no data.azurerm_client_config and no --tenant"), skipped.toString());
        assertExit(0, CliRunner.exec("--tenant", "11111111-1111-1111-1111-111111111111", "validate-key",
                "--terraform-plan", plan));
        Result other = CliRunner.exec("--tenant", "22222222-2222-2222-2222-222222222222", "validate-key",
                "--terraform-plan", plan);
        assertExit(3, other);
        assertTrue(other.out().contains("FAIL  VAULT-SAME-TENANT"), other.describe());
    }

    @Test
    void aModuleWrappedChainNamesTheModuleAddressAndDirectory() throws Exception {
        Result good = CliRunner.exec("validate-key", "--terraform-plan", DIR + "module-good.tfplan.json");
        assertExit(0, good);
        assertTrue(good.out().contains("module.dicom.azurerm_healthcare_dicom_service.this (module ./modules/dicom, "),
                good.describe());
        JsonNode report = json(3, "--terraform-plan", DIR + "module-fail-versionless-key-url.tfplan.json").at("/reports/0");
        JsonNode f = finding(report, "KEY-URL-VERSIONED");
        assertEquals("FAIL", f.path("verdict").asText());
        assertEquals("module.dicom.azurerm_healthcare_dicom_service.this", f.at("/location/jsonPointer").asText());
        assertTrue(report.path("subject").asText().contains("module ./modules/dicom"), report.toString());
    }

    @Test
    void aKeyUrlFromAModuleOutputIsFollowedToTheKeyItReads() throws Exception {
        // encryption_key_url = module.kv.key_id; the module's output key_id = azurerm_key_vault_key.cmk.id
        JsonNode root = json(0, "--terraform-plan", DIR + "module-output-key-url.tfplan.json").at("/reports/0");
        assertEquals("PASS", finding(root, "KEY-URL-VERSIONED").path("verdict").asText(), root.toString());
        assertEquals("PASS", finding(root, "KEY-SIZE").path("verdict").asText(), root.toString());
        assertEquals("PASS", finding(root, "IDENTITY-KEY-ACCESS").path("verdict").asText(), root.toString());
        assertTrue(root.path("keyUrl").asText().contains("{module.kv.azurerm_key_vault_key.cmk version at apply}"),
                root.toString());

        // a module's input (var.key_url) set by its call from another module's output
        JsonNode nested = json(0, "--terraform-plan", DIR + "module-input-from-module-output.tfplan.json").at("/reports/0");
        assertEquals("PASS", finding(nested, "IDENTITY-KEY-ACCESS").path("verdict").asText(), nested.toString());
        assertTrue(nested.path("subject").asText().startsWith("module.dicom.azurerm_healthcare_dicom_service.this (module "
                + "./modules/dicom, "), nested.toString());

        // the output reads versionless_id: the service's URL is versionless
        JsonNode versionless = json(3, "--terraform-plan", DIR + "module-output-fail-versionless.tfplan.json").at("/reports/0");
        assertEquals("FAIL", finding(versionless, "KEY-URL-VERSIONED").path("verdict").asText(), versionless.toString());
    }

    @Test
    void forEachOfThreeServicesSharingOneKey() throws Exception {
        JsonNode doc = json(0, "--terraform-plan", DIR + "for-each-three-services.tfplan.json");
        assertEquals(3, doc.path("reports").size(), doc.toString());
        for (String k : List.of("a", "b", "c")) {
            JsonNode report = null;
            for (JsonNode r : doc.path("reports")) {
                if (r.path("subject").asText().startsWith("azurerm_healthcare_dicom_service.this[\"" + k + "\"] ")) {
                    report = r;
                }
            }
            assertNotNull(report, k + " in " + doc);
            assertEquals("PASS", finding(report, "IDENTITY-KEY-ACCESS").path("verdict").asText(), report.toString());
            assertTrue(report.path("keyUrl").asText().contains("kv-dicom-prod.vault.azure.net/keys/dicom-cmk/"));
        }
        // each service's own role assignment counts for it alone: without c's, only c fails
        JsonNode without = json(3, "--terraform-plan", DIR + "for-each-one-without-access.tfplan.json");
        for (JsonNode r : without.path("reports")) {
            boolean c = r.path("subject").asText().startsWith("azurerm_healthcare_dicom_service.this[\"c\"]");
            assertEquals(c ? "FAIL" : "PASS", finding(r, "IDENTITY-KEY-ACCESS").path("verdict").asText(), r.toString());
        }
    }

    @Test
    void valuesUnknownUntilApplyAreSkippedWithTheReason() throws Exception {
        JsonNode report = json(0, "--terraform-plan", DIR + "unknown-until-apply.tfplan.json").at("/reports/0");
        JsonNode size = finding(report, "KEY-SIZE");
        assertEquals("SKIP", size.path("verdict").asText());
        assertTrue(size.path("detail").asText().contains("azurerm_key_vault_key.cmk.key_size is known only after apply"),
                size.toString());
        JsonNode purge = finding(report, "VAULT-PURGE-PROTECTION");
        assertEquals("SKIP", purge.path("verdict").asText());
        assertTrue(purge.path("detail").asText().contains("azurerm_key_vault.kv.purge_protection_enabled is known only after apply"),
                purge.toString());
    }

    @Test
    void sarifLocatesTheFindingInThePlanFile(@TempDir Path dir) throws Exception {
        String plan = DIR + "fail-key-size-4096.tfplan.json";
        Path sarif = dir.resolve("tf.sarif");
        assertExit(3, CliRunner.exec("validate-key", "--terraform-plan", plan, "--sarif", sarif.toString()));
        JsonNode log = new ObjectMapper().readTree(sarif.toFile());
        SarifSchema.assertValid(log);
        JsonNode result = log.at("/runs/0/results/0");
        assertEquals("KEY-SIZE", result.path("ruleId").asText());
        assertEquals(plan, result.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        int line = result.at("/locations/0/physicalLocation/region/startLine").asInt();
        assertTrue(Files.readAllLines(Path.of(plan)).get(line - 1).contains("\"key_size\": 4096"), "line " + line);
        assertEquals("azurerm_key_vault_key.cmk.key_size",
                result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText());
    }

    @Test
    void githubAnnotationsAndJunitLikeTemplates(@TempDir Path dir) throws Exception {
        String plan = DIR + "fail-purge-protection-off.tfplan.json";
        Result r = new CliRunner().env("GITHUB_ACTIONS", "true").run("validate-key", "--terraform-plan", plan,
                "--junit", dir.resolve("tf.xml").toString());
        assertExit(3, r);
        assertTrue(r.out().contains("::error file=" + plan + ",line="), r.describe());
        assertTrue(r.out().contains("title=VAULT-PURGE-PROTECTION::"), r.describe());
        assertTrue(Files.readString(dir.resolve("tf.xml")).contains("VAULT-PURGE-PROTECTION"));
    }

    @Test
    void aPlanWithoutACmkServiceIsNotAPass() {
        String plan = DIR + "no-cmk-service.tfplan.json";
        Result r = CliRunner.exec("validate-key", "--terraform-plan", plan);
        assertExit(3, r);
        assertTrue(r.err().contains("no DICOM service with a customer-managed key in " + plan), r.describe());
    }

    @Test
    void badInputIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state.json");
        Files.writeString(state, "{\"version\": 4, \"resources\": []}");
        Result notPlan = CliRunner.exec("validate-key", "--terraform-plan", state.toString());
        assertExit(2, notPlan);
        assertTrue(notPlan.err().contains("not the JSON of a Terraform plan"), notPlan.describe());
        assertTrue(notPlan.err().contains("terraform show -json tfplan"), notPlan.describe());
        assertEquals(1, notPlan.err().strip().lines().count(), notPlan.describe());

        Path tfplan = dir.resolve("tfplan");
        Files.write(tfplan, new byte[] {'P', 'K', 3, 4, (byte) 0xff, (byte) 0xfe, 0, 1});
        Result binary = CliRunner.exec("validate-key", "--terraform-plan", tfplan.toString());
        assertExit(2, binary);
        assertEquals(1, binary.err().strip().lines().count(), binary.describe());
        assertTrue(binary.err().contains("terraform show -json tfplan > tfplan.json"), binary.describe());
        assertExit(2, CliRunner.exec("validate-key", "--terraform-plan", dir.resolve("nope.json").toString()));
        Result mixed = CliRunner.exec("validate-key", "--terraform-plan", GOOD, "--template", GOOD);
        assertExit(2, mixed);
        assertTrue(mixed.err().contains("--terraform-plan checks a plan offline and excludes --template"), mixed.describe());
    }

    @Test
    void aBicepFileMustBeCompiledFirst(@TempDir Path dir) throws Exception {
        Path bicep = dir.resolve("main.bicep");
        Files.writeString(bicep, "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {}\n");
        Result r = CliRunner.exec("validate-key", "--template", bicep.toString());
        assertExit(2, r);
        assertEquals(1, r.err().strip().lines().count(), r.describe());
        assertTrue(r.err().contains("az bicep build --file " + bicep), r.describe());
        assertTrue(r.err().contains("--template " + dir.resolve("main.json")), r.describe());
    }
}
