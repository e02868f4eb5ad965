package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SharedKeyFleet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Services sharing one key (the sandbox's shared-key-N, four subscriptions): a fleet's dry run and a fleet's checks
 * find them across subscriptions and read the key once for them all: each version, its version list and its
 * rotation policy, however many services use it.
 */
class SharedKeyFleetTest {

    private static final String KEY = "https://shared-kv.vault.sandbox.test/keys/" + SharedKeyFleet.KEY;

    /** GETs of the key's URLs on the vault's host (a version, /versions, /rotationpolicy), by path. */
    private static Map<String, Long> keyReads(SandboxCli s) {
        return s.sandbox.requestLog().entries().stream()
                .filter(e -> e.method().equals("GET") && e.host().equals("shared-kv.vault.sandbox.test"))
                .collect(Collectors.groupingBy(RequestLog.Entry::path, Collectors.counting()));
    }

    /** The vault is in the home subscription, the services in four others: found by Resource Graph, read once. */
    private static void assertVaultReadOnce(SandboxCli s) {
        List<RequestLog.Entry> vaultReads = s.sandbox.requestLog().entries().stream().filter(e -> e.method().equals("GET")
                && (e.path().toLowerCase().endsWith("/vaults/" + SharedKeyFleet.VAULT)
                || String.valueOf(e.query()).contains(SharedKeyFleet.VAULT))).toList();
        assertEquals(1, vaultReads.size(), vaultReads.toString());
        assertEquals(200, vaultReads.get(0).status(), vaultReads.toString());
    }

    @Test
    void aDryRunToLatestPlansEveryServiceOnTheKeyAndReadsEachOfItsVersionsOnce() throws Exception {
        try (SandboxCli s = new SandboxCli("shared-key-8")) {
            String latest = s.sandbox.world().currentKeyVersion(SharedKeyFleet.VAULT, SharedKeyFleet.KEY);
            CliRunner.Result dry = s.run("rotate-key", "--to-latest", "--uses-key", KEY, "--all-subscriptions", "--dry-run",
                    "--parallel", "4");
            assertEquals(0, dry.exitCode(), dry.describe());
            List<String> rows = List.of(dry.out().strip().split("\n"));
            assertEquals(8 + 1, rows.size(), dry.describe()); // eight services and the count, no decoy
            assertEquals(8, rows.stream().filter(r -> r.contains(" dry-run ")).count(), dry.describe());
            for (int j = 1; j <= 4; j++) {
                assertTrue(dry.out().contains(SharedKeyFleet.subscriptionId(j) + "/shared-rg-0" + j + "/"), dry.describe());
            }
            assertEquals(0, s.sandbox.requestLog().successfulWrites().size(), "a dry run changes nothing");
            // ARM's what-if asked once per resource group (one in each subscription), not once per service
            List<String> whatIfs = s.sandbox.requestLog().entries().stream()
                    .filter(e -> e.method().equals("POST") && e.path().endsWith("/whatIf")).map(RequestLog.Entry::path).toList();
            assertEquals(4, whatIfs.size(), whatIfs.toString());
            assertTrue(whatIfs.stream().allMatch(p -> p.contains("/deployments/dicom-cmk-what-if-")), whatIfs.toString());
            Map<String, Long> reads = keyReads(s);
            assertTrue(reads.containsKey("/keys/shared-key/" + latest), "the newest version is read: " + reads);
            // the two versions in use, the newest, the version list and the rotation policy: once each
            assertEquals(5, reads.size(), reads.toString());
            reads.forEach((path, n) -> assertEquals(1L, n, path + " read " + n + " times: " + reads));
            assertVaultReadOnce(s);
        }
    }

    @Test
    void validateKeyReadsTheSharedKeyOncePerVersion() throws Exception {
        try (SandboxCli s = new SandboxCli("shared-key-8")) {
            CliRunner.Result r = s.run("-q", "validate-key", "--uses-key", KEY, "--all-subscriptions", "--parallel", "4");
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(8, r.out().strip().split("\n").length, r.describe());
            Map<String, Long> reads = keyReads(s);
            // the two versions in use, the version list and the rotation policy
            assertEquals(4, reads.size(), reads.toString());
            reads.forEach((path, n) -> assertEquals(1L, n, path + " read " + n + " times: " + reads));
            assertVaultReadOnce(s);
            CliRunner.Result json = s.run("validate-key", "--uses-key", KEY, "--all-subscriptions", "-o", "json");
            assertEquals(0, json.exitCode(), json.describe());
            assertFalse(json.out().contains("is not in subscription"), "every service's vault was found: " + json.out());
        }
    }
}
