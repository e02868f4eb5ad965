package dev.dicomcmk.cli;

import dev.dicomcmk.model.Text;
import dev.dicomcmk.sandbox.SandboxIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small promises of the command line: output folders, portal URLs, timestamps, invisible characters, limits. */
class SmallInputsTest {

    private static final String SERVICE_PATH = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
            + "/resourceGroups/demo-rg/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom";

    @Test
    void reportFilesCreateTheirMissingFolders(@TempDir Path dir) {
        Path junit = dir.resolve("reports/junit/cmk.xml");
        Path sarif = dir.resolve("reports/sarif/cmk.sarif");
        CliRunner.Result r = CliRunner.exec("--sandbox", "-q", "validate-key", "--service", "demo-ws/demo-dicom",
                "-g", "demo-rg", "--junit", junit.toString(), "--sarif", sarif.toString());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(Files.isRegularFile(junit) && Files.isRegularFile(sarif), r.describe());
    }

    @Test
    void aFileWhereTheFolderShouldBeIsAUsageError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("reports"), "x");
        CliRunner.Result r = CliRunner.exec("--sandbox", "validate-key", "--service", "demo-ws/demo-dicom",
                "-g", "demo-rg", "--junit", dir.resolve("reports/cmk.xml").toString());
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("is a file, not a folder"), r.describe());
    }

    @Test
    void outDirIsCreated(@TempDir Path dir) {
        Path out = dir.resolve("deploy/new");
        CliRunner.Result r = CliRunner.exec("--sandbox", "update-via-arm", "--service", "demo-ws/demo-dicom",
                "-g", "demo-rg", "--out-dir", out.toString());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(Files.isDirectory(out) && r.out().contains("wrote " + out), r.describe());
    }

    @Test
    void aPortalUrlNamesTheService() {
        for (String url : new String[] {
            "https://portal.azure.com/#@contoso.onmicrosoft.com/resource" + SERVICE_PATH + "/overview",
            "https://portal.azure.com/#@contoso.onmicrosoft.com/resource" + SERVICE_PATH,
            "https://portal.azure.com/#/resource" + SERVICE_PATH + "/encryption"}) {
            CliRunner.Result r = CliRunner.exec("--sandbox", "-q", "validate-key", "--service", url);
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals("OK " + SERVICE_PATH + ":", r.out().substring(0, r.out().indexOf(':') + 1), r.describe());
        }
    }

    @Test
    void timestampsShowWholeSeconds() {
        assertEquals("2026-12-04T12:00:05Z", Text.instant(Instant.parse("2026-12-04T12:00:05.987654321Z")));
        CliRunner.Result r = CliRunner.exec("--sandbox", "validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg");
        assertTrue(r.out().matches("(?s).*checked: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n.*"), r.describe());
    }

    @Test
    void bidiAndInvisibleCharactersAreEscapedLikeAnsi() {
        assertEquals("dicom\\u202e-evil\\u2066x\\u2069\\u200b\\ufeff", Text.escapeControls("dicom\u202e-evil\u2066x\u2069\u200b\ufeff"));
        assertEquals("ordinary ü 名前", Text.escapeControls("ordinary ü 名前"));
    }

    @Test
    void durationsThatOverflowAreUsageErrors() {
        for (String[] args : new String[][] {
            {"--sandbox", "--timeout", "PT2562047788015215H", "validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg"},
            {"--sandbox", "validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "--max-age", "P106751991167300D"},
            {"--sandbox", "diagnose", "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "--watch", "--until-healthy", "999999w"}}) {
            CliRunner.Result r = CliRunner.exec(args);
            assertEquals(2, r.exitCode(), r.describe());
            assertTrue(r.err().contains("longer than 100 years"), r.describe());
            assertFalse(r.err().contains("internal error"), r.describe());
        }
    }

    @Test
    void anEndlessInputFileIsAUsageError() {
        CliRunner.Result r = CliRunner.exec("validate-key", "--template", "/dev/zero");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("/dev/zero: more than 32 MiB"), r.describe());
    }

    @Test
    void workloadIdentityNamesTheVariablesItLacks() {
        CliRunner.Result r = new CliRunner().env("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000001")
                .run("--auth", "workload-identity", "--subscription", SandboxIds.SUBSCRIPTION_ID, "validate-key",
                        "--service", "demo-ws/demo-dicom", "-g", "demo-rg");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("--auth workload-identity needs AZURE_TENANT_ID (or --tenant), "
                + "AZURE_FEDERATED_TOKEN_FILE in the environment"), r.describe());
        assertFalse(r.err().contains("internal error"), r.describe());
    }
}
