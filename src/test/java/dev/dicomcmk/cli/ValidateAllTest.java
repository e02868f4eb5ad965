package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** validate-key --all over a sandbox fleet: one report per CMK service, scoped by --resource-group, worst exit. */
class ValidateAllTest {

    @Test
    void checksEveryCmkServiceOfTheSubscription() {
        CliRunner.Result r = CliRunner.exec("--sandbox", "fleet-6", "-q", "validate-key", "--all", "--parallel", "2");
        assertEquals(0, r.exitCode(), r.describe());
        String[] lines = r.out().strip().split("\n");
        assertEquals(7, lines.length, r.describe()); // the demo service and the six of the fleet
        for (String line : lines) {
            assertTrue(line.startsWith("OK /subscriptions/"), r.describe());
        }
        assertTrue(r.out().contains("/dicomservices/dicom-0006:"), r.describe());
    }

    @Test
    void aResourceGroupScopesTheFleetAndJsonHoldsOneReportEach() {
        CliRunner.Result r = CliRunner.exec("--sandbox", "fleet-3", "-o", "json", "validate-key", "--all", "-g", "fleet-rg");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(3, r.out().split("\"subject\"", -1).length - 1, r.describe());
        assertTrue(!r.out().contains("demo-dicom"), r.describe());
    }

    @Test
    void theWorstServiceDecidesTheExitCode() {
        // weak-key's demo service fails KEY-SIZE: one failing service fails the run
        CliRunner.Result r = CliRunner.exec("--sandbox", "weak-key", "-q", "validate-key", "--all");
        assertEquals(3, r.exitCode(), r.describe());
        assertTrue(r.out().startsWith("FAIL "), r.describe());
    }

    @Test
    void allExcludesServiceAndBoundsParallel() {
        assertEquals(2, CliRunner.exec("--sandbox", "validate-key", "--all", "--service", "demo-ws/demo-dicom",
                "-g", "demo-rg").exitCode());
        assertEquals(2, CliRunner.exec("--sandbox", "validate-key", "--all", "--parallel", "0").exitCode());
    }
}
