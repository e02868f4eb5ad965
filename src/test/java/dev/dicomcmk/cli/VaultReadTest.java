package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.world.ResourceGroup;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vault behind a key is read directly in the service's resource group beside the lookup by name
 * (VaultReader): read once however the two answers race, and found by the lookup when it is elsewhere.
 */
class VaultReadTest {

    @Test
    void theVaultIsReadOnceWhereverTheLookupAnswers() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            for (int run = 0; run < 5; run++) {
                cli.sandbox.requestLog().clear();
                CliRunner.Result r = cli.run("-q", "validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg");
                assertEquals(0, r.exitCode(), r.describe());
                List<RequestLog.Entry> reads = vaultReads(cli);
                assertEquals(1, reads.size(), "run " + run + ": " + reads);
                assertTrue(reads.get(0).path().contains("/resourceGroups/demo-rg/"), reads.toString());
            }
        }
    }

    @Test
    void aVaultInAnotherResourceGroupIsFoundByName() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            cli.sandbox.world().update(w -> {
                w.resourceGroups.add(new ResourceGroup("keys-rg", w.location));
                w.vaults.stream().filter(v -> v.name.equals("demo-kv")).forEach(v -> v.resourceGroup = "keys-rg");
                // a moved vault keeps its role assignments (Azure moves them with it)
                w.roleAssignments.forEach(a -> a.scope = a.scope.replace("/resourceGroups/demo-rg/providers/Microsoft.KeyVault/",
                        "/resourceGroups/keys-rg/providers/Microsoft.KeyVault/"));
            });
            cli.sandbox.requestLog().clear();
            CliRunner.Result r = cli.run("-q", "validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg");
            assertEquals(0, r.exitCode(), r.describe());
            List<RequestLog.Entry> reads = vaultReads(cli);
            assertEquals(2, reads.size(), "where the service is (404), then where the lookup found it: " + reads);
            assertEquals(404, reads.stream().filter(e -> e.path().contains("/resourceGroups/demo-rg/")).findFirst()
                    .orElseThrow().status(), reads.toString());
            assertEquals(200, reads.stream().filter(e -> e.path().contains("/resourceGroups/keys-rg/")).findFirst()
                    .orElseThrow().status(), reads.toString());
        }
    }

    private static List<RequestLog.Entry> vaultReads(SandboxCli cli) {
        return cli.sandbox.requestLog().entries().stream()
                .filter(e -> e.method().equals("GET") && e.path().endsWith("/providers/Microsoft.KeyVault/vaults/demo-kv"))
                .toList();
    }
}
