package dev.dicomcmk.cli;

import dev.dicomcmk.output.Style;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.SandboxIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The global options of DESIGN.md, each doing what it says, against a sandbox the test controls. */
class GlobalOptionsTest {

    private static final String[] VALIDATE = {"validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg"};
    private static SandboxCli cli;

    @BeforeAll
    static void start() throws Exception {
        cli = new SandboxCli("key-expiring");
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    /** The validate-key command line with more options after it (global options are inherited there too). */
    private static String[] with(String[] command, String... more) {
        String[] all = new String[command.length + more.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(more, 0, all, command.length, more.length);
        return all;
    }

    @Test
    void tableByDefaultWithFixLinesForWarnings() {
        CliRunner.Result r = cli.run(VALIDATE);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("WARN  KEY-EXPIRY-HORIZON"), r.describe());
        assertTrue(r.out().contains("fix: Rotate the service to a new version: dicom-cmk rotate-key --new-version --service /subscriptions/"),
                r.describe());
        assertFalse(r.out().contains("source:"), r.describe());
        assertEquals("", r.err(), r.describe());
    }

    @Test
    void verboseAddsTitlesAndSources() {
        CliRunner.Result r = cli.run(with(VALIDATE, "-v"));
        assertTrue(r.out().contains("source: configure page: \"The key is 2048-bit or 3072-bit.\""), r.describe());
        assertTrue(r.out().contains("title: Key is 2048 or 3072 bits"), r.describe());
    }

    @Test
    void quietPrintsOneLine() {
        CliRunner.Result r = cli.run(with(VALIDATE, "-q"));
        assertEquals(1, r.out().lines().count(), r.describe());
        assertTrue(r.out().startsWith("WARN /subscriptions/"), r.describe());
        assertTrue(r.out().contains("(KEY-EXPIRY-HORIZON)"), r.describe());
    }

    @Test
    void strictTurnsWarningsIntoExit3() {
        CliRunner.Result r = cli.run(with(VALIDATE, "--strict"));
        assertEquals(3, r.exitCode(), r.describe());
        CliRunner.Result narrower = cli.run(with(VALIDATE, "--strict", "--expiry-horizon", "5d"));
        assertEquals(0, narrower.exitCode(), narrower.describe());
    }

    @Test
    void subscriptionSelectsWhereToLook() {
        CliRunner.Result r = cli.run(with(VALIDATE, "--subscription", "00000000-0000-0000-0000-000000000001"));
        assertEquals(5, r.exitCode(), r.describe());
        assertTrue(r.err().startsWith("dicom-cmk: read DICOM service demo-ws/demo-dicom failed (HTTP 404"), r.describe());
        assertEquals(1, r.err().lines().count(), r.describe());
    }

    @Test
    void tenantIsTheOneSignedInTo() {
        CliRunner.Result r = cli.run(with(VALIDATE, "--tenant", SandboxIds.OTHER_TENANT_ID));
        assertEquals(4, r.exitCode(), r.describe());
        assertTrue(r.err().contains("sign in"), r.describe());
    }

    @Test
    void timeoutBoundsAStalledAzure() {
        cli.sandbox.faults().add(FaultRule.stall().forHost("management\\..*").times(20));
        try {
            long t0 = System.nanoTime();
            CliRunner.Result r = cli.run(with(VALIDATE, "--timeout", "2s"));
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            assertEquals(6, r.exitCode(), r.describe());
            assertTrue(seconds < 15, "took " + seconds + " s");
            assertTrue(r.err().contains("raise --timeout"), r.describe());
        } finally {
            cli.sandbox.faults().clear();
        }
    }

    @Test
    void jsonIsOneDocument() {
        CliRunner.Result r = cli.run(with(VALIDATE, "-o", "json"));
        assertTrue(r.out().startsWith("{\n  \"schemaVersion\" : 1") || r.out().startsWith("{\n  \"schemaVersion\": 1"),
                r.describe());
        assertTrue(r.out().strip().endsWith("}"), r.describe());
    }

    @Test
    void noColorAndNoColorEnvironmentTurnColourOff() {
        GlobalOptions options = new GlobalOptions();
        CliEnvironment plain = new CliEnvironment(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), Map.of("NO_COLOR", "1"), true, Clock.systemUTC());
        Style style = ReportPrinter.style(options, plain);
        assertFalse(style.verdict(dev.dicomcmk.requirements.Verdict.FAIL).contains("\u001b"));
        options.noColor = true;
        CliEnvironment env = new CliEnvironment(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), Map.of(), true, Clock.systemUTC());
        assertFalse(ReportPrinter.style(options, env).verdict(dev.dicomcmk.requirements.Verdict.FAIL).contains("\u001b"));
    }

    @Test
    void subcommandNamesAreCaseInsensitiveAndOptionsWorkAfterThem() {
        CliRunner.Result r = cli.runner().run("VALIDATE-KEY", "--cloud", cli.profile.toString(), "--auth", "env",
                "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "-q");
        assertEquals(0, r.exitCode(), r.describe());
    }

    @Test
    void junitAndSarifFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path junit = dir.resolve("r.xml");
        java.nio.file.Path sarif = dir.resolve("r.sarif");
        CliRunner.Result r = cli.run(with(VALIDATE, "-q", "--junit", junit.toString(), "--sarif", sarif.toString()));
        assertEquals(0, r.exitCode(), r.describe());
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertEquals("18", doc.getDocumentElement().getAttribute("tests"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sarif.toFile());
        assertEquals("2.1.0", json.path("version").asText());
        assertEquals("KEY-EXPIRY-HORIZON", json.path("runs").path(0).path("results").path(0).path("ruleId").asText());
    }
}
