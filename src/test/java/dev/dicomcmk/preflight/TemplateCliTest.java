package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.cli.CliRunner.Result;
import dev.dicomcmk.output.SarifSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** validate-key --template through the real command line: exit codes, places, SARIF, JUnit, annotations. */
class TemplateCliTest {
    private static final String DIR = "src/test/resources/preflight/";
    private static final String GOOD = DIR + "good-system-assigned.json";
    private static final String KEY_4096 = DIR + "fail-key-4096.json";
    private static final String OFFICER = DIR + "warn-crypto-officer-at-vault.json";

    private static Result run(String... args) {
        return CliRunner.exec(args);
    }

    private static void assertExit(int code, Result r) {
        assertEquals(code, r.exitCode(), r.describe());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.describe());
    }

    @Test
    void aGoodTemplateExitsZero() {
        Result r = run("validate-key", "--template", GOOD);
        assertExit(0, r);
        assertTrue(r.out().contains("14 passed, 0 warned, 0 failed, 4 skipped"), r.describe());
        assertEquals("", r.err());
    }

    @Test
    void aFailureExitsThreeAndTheTableSaysWhere() {
        Result r = run("validate-key", "--template", KEY_4096);
        assertExit(3, r);
        assertTrue(r.out().contains("FAIL  KEY-SIZE"), r.describe());
        assertTrue(r.out().contains("at: " + KEY_4096 + ":61 (/resources/1/properties/keySize)"), r.describe());
    }

    @Test
    void warningsFailOnlyWhenStrict() {
        assertExit(0, run("validate-key", "--template", OFFICER));
        assertExit(3, run("validate-key", "--template", OFFICER, "--strict"));
    }

    @Test
    void parametersFileAndTenant() {
        assertExit(3, run("validate-key", "--template", DIR + "literal-key-url.json",
                "--parameters", DIR + "literal-key-url.versionless.parameters.json"));
        assertExit(0, run("validate-key", "--template", DIR + "literal-key-url.json",
                "--parameters", DIR + "literal-key-url.versioned.parameters.json"));
        assertExit(0, run("validate-key", "--template", DIR + "fail-other-tenant.json"));
        assertExit(3, run("--tenant", "22222222-2222-2222-2222-222222222222", "validate-key",
                "--template", DIR + "fail-other-tenant.json"));
    }

    @Test
    void sarifPointsCodeScanningAtTheLine(@TempDir Path dir) throws Exception {
        Path sarif = dir.resolve("preflight.sarif");
        assertExit(3, run("validate-key", "--template", KEY_4096, "--sarif", sarif.toString()));
        JsonNode log = new ObjectMapper().readTree(sarif.toFile());
        SarifSchema.assertValid(log);
        JsonNode results = log.at("/runs/0/results");
        assertEquals(1, results.size());
        JsonNode result = results.get(0);
        assertEquals("KEY-SIZE", result.path("ruleId").asText());
        assertEquals("error", result.path("level").asText());
        assertEquals(KEY_4096, result.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals(61, result.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("/resources/1/properties/keySize", result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText());

        Path docs = dir.resolve("docs.sarif");
        assertExit(0, run("validate-key", "--template", DIR + "docs-user-assigned.json", "--sarif", docs.toString()));
        JsonNode warning = new ObjectMapper().readTree(docs.toFile()).at("/runs/0/results/0");
        SarifSchema.assertValid(new ObjectMapper().readTree(docs.toFile()));
        assertEquals("IDENTITY-LEAST-PRIVILEGE", warning.path("ruleId").asText());
        assertEquals("warning", warning.path("level").asText());
        assertEquals(77, warning.at("/locations/0/physicalLocation/region/startLine").asInt());
    }

    @Test
    void junitXmlReadsBack(@TempDir Path dir) throws Exception {
        Path junit = dir.resolve("preflight.xml");
        assertExit(3, run("validate-key", "--template", DIR + "fail-no-identity.json", "--junit", junit.toString()));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(junit.toFile());
        assertEquals("18", doc.getDocumentElement().getAttribute("tests"));
        assertEquals("2", doc.getDocumentElement().getAttribute("failures"));
        assertEquals(2, doc.getElementsByTagName("failure").getLength());
    }

    @Test
    void githubActionsGetsAnnotationsOnStdoutAfterTheTable() {
        Result r = new CliRunner().env("GITHUB_ACTIONS", "true").run("validate-key", "--template", KEY_4096);
        assertExit(3, r);
        String annotation = "::error file=" + KEY_4096 + ",line=61,title=KEY-SIZE::RSA-HSM 4096 bits";
        assertTrue(r.out().contains(annotation), r.describe());
        assertTrue(r.out().indexOf(annotation) > r.out().indexOf("failed"), "after the table: " + r.describe());
        Result warn = new CliRunner().env("GITHUB_ACTIONS", "true").run("validate-key", "--template", OFFICER);
        assertTrue(warn.out().contains("::warning file=" + OFFICER + ",line="), warn.describe());
        assertFalse(run("validate-key", "--template", KEY_4096).out().contains("::error"), "only under Actions");
    }

    @Test
    void jsonCarriesTheLocations() throws Exception {
        Result r = run("-o", "json", "validate-key", "--template", KEY_4096);
        assertExit(3, r);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode size = null;
        for (JsonNode f : doc.at("/reports/0/findings")) {
            if (f.path("id").asText().equals("KEY-SIZE")) {
                size = f;
            }
        }
        assertEquals(61, size.at("/location/line").asInt(), r.out());
        assertEquals(KEY_4096, size.at("/location/file").asText());
    }

    @Test
    void badInputIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\n  \"resources\": [\n    { \"type\": }\n  ]\n}\n");
        Result r = run("validate-key", "--template", broken.toString());
        assertExit(2, r);
        assertEquals(1, r.err().strip().lines().count(), r.describe());
        assertTrue(r.err().contains(broken + ": invalid JSON at line 3, column "), r.describe());

        Result missing = run("validate-key", "--template", dir.resolve("nope.json").toString());
        assertExit(2, missing);
        assertTrue(missing.err().contains("nope.json: no such file"), missing.describe());

        Path badParams = dir.resolve("p.json");
        Files.writeString(badParams, "{\"parameters\": {\"nope\": {\"value\": 1}}, \"contentVersion\": \"1.0.0.0\"}");
        Result undeclared = run("validate-key", "--template", GOOD, "--parameters", badParams.toString());
        assertExit(2, undeclared);
        assertTrue(undeclared.err().contains("parameter 'nope' is given a value but the template does not declare it"),
                undeclared.describe());
        assertEquals(1, undeclared.err().strip().lines().count(), undeclared.describe());
    }

    @Test
    void optionsThatDoNotMix() {
        Result noTemplate = run("validate-key", "--parameters", GOOD);
        assertExit(2, noTemplate);
        assertTrue(noTemplate.err().contains("--parameters needs --template"), noTemplate.describe());
        Result mixed = run("validate-key", "--template", GOOD, "--service", "ws/dicom", "-g", "rg");
        assertExit(2, mixed);
        assertEquals(1, mixed.err().strip().lines().count(), mixed.describe());
        assertExit(2, run("validate-key", "--template", GOOD, "--key-url",
                "https://kv.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef"));
    }

    @Test
    void aTemplateWithoutACmkServiceIsNotAPass(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("storage.json");
        Files.writeString(empty, """
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                 "contentVersion": "1.0.0.0",
                 "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01",
                                "name": "st", "location": "westeurope", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}}]}
                """);
        Result r = run("validate-key", "--template", empty.toString());
        assertExit(3, r);
        assertTrue(r.err().contains("no DICOM service with a customer-managed key in " + empty), r.describe());
    }
}
