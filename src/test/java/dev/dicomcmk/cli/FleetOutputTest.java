package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** validate-key --all prints a fleet a person can read: one row a service, a summary counted in services. */
class FleetOutputTest {

    @Test
    void fleet200PrintsOneRowPerServiceAndCountsServices() {
        CliRunner.Result r = CliRunner.exec("--sandbox", "fleet-200", "validate-key", "--all", "--parallel", "8");
        assertEquals(0, r.exitCode(), r.describe());
        List<String> lines = Arrays.asList(r.out().split("\n"));
        assertTrue(lines.get(0).matches("SERVICE +KEY VERSION +VERDICT +FIRST FAILING"), r.describe());
        List<String> rows = lines.stream().filter(l -> l.startsWith("fleet-rg/")).toList();
        assertEquals(200, rows.size(), r.describe());
        assertEquals(200, rows.stream().distinct().count(), r.describe());
        assertTrue(rows.get(0).matches("fleet-rg/fleet-ws-\\d\\d/dicom-0001 +fleet-key-0001/\\S+ +OK +-"), rows.get(0));
        // the demo service of the scenario is the 201st service; the summary counts services, not findings
        assertEquals("201 services: 201 ok, 0 warned, 0 failed, 0 not checked", lines.get(lines.size() - 1), r.describe());
        assertFalse(r.out().contains("passed,"), "no per-finding detail without -v: " + r.describe());
        assertFalse(r.out().contains("KEY-SIZE"), r.describe());
    }

    @Test
    void aFailingServiceShowsItsFirstFailingRequirement() {
        CliRunner.Result r = CliRunner.exec("--sandbox", "weak-key", "validate-key", "--all");
        assertEquals(3, r.exitCode(), r.describe());
        String row = Arrays.stream(r.out().split("\n")).filter(l -> l.contains("demo-dicom")).findFirst().orElseThrow();
        assertTrue(row.matches("demo-rg/demo-ws/demo-dicom +\\S+ +FAIL +KEY-SIZE"), r.describe());
        assertTrue(r.out().endsWith("1 service: 0 ok, 0 warned, 1 failed, 0 not checked\n"), r.describe());
    }

    @Test
    void verboseAddsTheFullReports() {
        CliRunner.Result r = CliRunner.exec("--sandbox", "fleet-2", "-v", "validate-key", "--all");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("PASS  KEY-SIZE"), r.describe());
        assertTrue(r.out().contains("3 services: 3 ok"), r.describe());
    }

    @Test
    void markdownWritesATableForAJobSummary() {
        CliRunner.Result r = CliRunner.exec("--sandbox", "fleet-3", "-o", "markdown", "validate-key", "--all");
        assertEquals(0, r.exitCode(), r.describe());
        String[] lines = r.out().split("\n");
        assertEquals("### dicom-cmk validate-key --all", lines[0], r.describe());
        assertTrue(r.out().contains("| Service | Key version | Verdict | First failing requirement |\n|---|---|---|---|\n"),
                r.describe());
        long rows = Arrays.stream(lines).filter(l -> l.matches("\\| (fleet|demo)-rg/\\S+ \\| \\S+ \\| OK \\| – \\|")).count();
        assertEquals(4, rows, r.describe());
        assertTrue(r.out().contains("**4 services: 4 ok, 0 warned, 0 failed, 0 not checked**"), r.describe());
    }

    @Test
    void markdownIsRefusedWhereNoTableExists() {
        CliRunner.Result r = CliRunner.exec("--sandbox", "-o", "markdown", "diagnose", "--service", "demo-ws/demo-dicom",
                "-g", "demo-rg");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("-o markdown is only for validate-key"), r.describe());
    }

    @Test
    void aServiceThatCannotBeCheckedIsAnErrorRow() throws Exception {
        try (SandboxCli sb = new SandboxCli("fleet-3")) {
            sb.sandbox.faults().add(dev.dicomcmk.sandbox.FaultRule.reset().forPath(".*fleet-key-0002.*"));
            CliRunner.Result r = sb.run("validate-key", "--all");
            String row = Arrays.stream(r.out().split("\n")).filter(l -> l.contains("dicom-0002")).findFirst().orElse("");
            assertTrue(row.matches("fleet-rg/fleet-ws-01/dicom-0002 +- +ERROR +\\S.*"), r.describe());
            assertTrue(r.out().contains("4 services: 3 ok, 0 warned, 0 failed, 1 not checked"), r.describe());
            assertTrue(r.exitCode() > 3, r.describe());
        }
    }
}
