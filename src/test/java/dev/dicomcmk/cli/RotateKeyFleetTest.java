package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rotate-key --all over fleet-200 while ARM throttles: every service rotated exactly once; a fleet's dry run
 * reports each service as its own dry run does, from the shared listing.
 */
class RotateKeyFleetTest {

    @Test
    void rotatesEveryServiceOfTheFleetExactlyOnceThroughThrottling(@TempDir Path state) throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-200")) {
            // ARM throttles the first deployment PUTs and some reads; the SDK's retry policy waits out Retry-After
            cli.sandbox.faults().add(FaultRule.respond(429, Map.of("Retry-After", "1"), null).forMethod("PUT")
                    .forPath(".*/providers/Microsoft\\.Resources/deployments/[^/]+").times(12));
            cli.sandbox.faults().add(FaultRule.respond(429, Map.of("Retry-After", "1"), null).forMethod("GET")
                    .forPath(".*/dicomservices/dicom-0\\d\\d\\d").times(6));
            CliRunner.Result r = cli.runner().env("XDG_STATE_HOME", state.toString()).run("--cloud", cli.profile.toString(),
                    "--auth", "env", "rotate-key", "--all", "-g", "fleet-rg", "--new-version", "--verify-for", "1s",
                    "--parallel", "8", "-o", "json");
            assertEquals(0, r.exitCode(), r.describe());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals(200, doc.path("services").size());
            doc.path("services").forEach(s -> assertEquals("succeeded", s.path("outcome").asText(), s.toString()));

            Map<String, Long> successfulPuts = cli.sandbox.requestLog().entries().stream()
                    .filter(e -> e.method().equals("PUT") && e.path().contains("/deployments/") && e.status() < 400)
                    .collect(Collectors.groupingBy(RotateKeyFleetTest::deployment, Collectors.counting()));
            assertEquals(200, successfulPuts.size(), "one deployment per service");
            successfulPuts.forEach((name, n) -> assertEquals(1L, n, name + " deployed more than once"));
            assertTrue(cli.sandbox.requestLog().entries().stream().filter(e -> e.status() == 429).count() >= 18,
                    "the throttling was hit");
            for (int i = 1; i <= 200; i++) {
                String ws = String.format("fleet-ws-%02d", (i - 1) / 20 + 1);
                String key = cli.sandbox.world().keyEncryptionKeyUrl(ws, String.format("dicom-%04d", i));
                assertTrue(key.endsWith(cli.sandbox.world().currentKeyVersion("fleet-kv", String.format("fleet-key-%04d", i))),
                        key);
            }
        }
    }

    @Test
    void aFleetDryRunReportsEachServiceAsItsOwnDryRunFromTheListing() throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-6")) {
            // two keys got a newer version (a rotation policy's): --to-latest has something to switch to there
            cli.sandbox.world().update(w -> {
                for (String name : List.of("fleet-key-0002", "fleet-key-0005")) {
                    Key key = w.vault("fleet-kv").orElseThrow().key(name).orElseThrow();
                    KeyVersion newer = new KeyVersion();
                    newer.version = w.ids.keyVersion();
                    newer.kty = key.latest().kty;
                    newer.keySize = key.latest().keySize;
                    newer.keyOps = new ArrayList<>(key.latest().keyOps);
                    newer.created = cli.sandbox.clock().nowEpochSecond() - 3600;
                    newer.updated = newer.created;
                    newer.exp = key.latest().exp;
                    key.versions.add(newer);
                }
            });
            for (String mode : List.of("--to-latest", "--new-version")) {
                cli.sandbox.requestLog().clear();
                CliRunner.Result fleet = cli.run("rotate-key", "--all", mode, "--dry-run", "-o", "json");
                assertEquals(0, fleet.exitCode(), fleet.describe());
                List<RequestLog.Entry> fleetRequests = cli.sandbox.requestLog().entries();
                JsonNode rows = new ObjectMapper().readTree(fleet.out()).path("services");
                assertEquals(7, rows.size(), "the demo service and six of the fleet: " + fleet.describe());
                for (JsonNode row : rows) {
                    String id = row.path("service").asText();
                    CliRunner.Result one = cli.run("rotate-key", "--service", id, mode, "--dry-run", "-o", "json");
                    assertEquals(0, one.exitCode(), one.describe());
                    assertEquals(new ObjectMapper().readTree(one.out()).path("services").get(0), row, mode + " " + id);
                }
                assertEquals(0, fleetRequests.stream().filter(RequestLog.Entry::write).count(), "a dry run writes nothing");
                assertEquals(List.of(), fleetRequests.stream().filter(e -> e.method().equals("GET")
                        && e.path().matches(".*/dicomservices/[^/]+")).map(RequestLog.Entry::path).toList(),
                        mode + ": the listing stands in for each service's read");
                // the current version's read lists the key's versions; --to-latest picks from that list, and the
                // check of the target shares it (a dry run reads each key's version list once)
                Map<String, Long> versionLists = fleetRequests.stream().filter(e -> e.path().endsWith("/versions"))
                        .collect(Collectors.groupingBy(RequestLog.Entry::path, Collectors.counting()));
                assertEquals(7, versionLists.size(), versionLists.toString());
                if (mode.equals("--new-version")) {
                    // ARM's what-if asked once per resource group (demo-rg, fleet-rg), not once per service
                    assertEquals(2L, fleetRequests.stream().filter(e -> e.method().equals("POST")
                            && e.path().endsWith("/whatIf")).count(), "one what-if per resource group");
                    // every check ran (a plan for each service); they share one lookup of the vault (a lookup
                    // reads it directly beside finding it by name, so its direct read may be answered twice)
                    assertEquals(1L, fleetRequests.stream().filter(e -> e.method().equals("GET")
                            && e.path().endsWith("/resources") && String.valueOf(e.query()).contains("fleet-kv")).count(),
                            "fleet-kv looked up once");
                } else {
                    for (JsonNode row : rows) {
                        String key = row.path("oldKey").asText();
                        String path = key.substring(key.indexOf("/keys/"), key.lastIndexOf('/')) + "/versions";
                        assertEquals(1L, versionLists.get(path), path + " for " + row);
                    }
                }
            }
            assertTrue(cli.sandbox.requestLog().entries().stream().noneMatch(RequestLog.Entry::write));
        }
    }

    @Test
    void aResourceGroupsFailedWhatIfLeavesEachServiceToAskItsOwn() throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-4")) {
            // the fleet's what-if of fleet-rg is refused; each of its services then asks ARM alone
            cli.sandbox.faults().add(FaultRule.respond(400, Map.of(), "{\"error\":{\"code\":\"InvalidTemplate\","
                    + "\"message\":\"refused for the test\"}}").forMethod("POST").forPath(".*/dicom-cmk-what-if-4-[^/]+/whatIf"));
            CliRunner.Result fleet = cli.run("rotate-key", "--all", "--new-version", "--dry-run", "-o", "json");
            assertEquals(0, fleet.exitCode(), fleet.describe());
            List<RequestLog.Entry> whatIfs = cli.sandbox.requestLog().entries().stream()
                    .filter(e -> e.method().equals("POST") && e.path().endsWith("/whatIf")).toList();
            assertEquals(1L, whatIfs.stream().filter(e -> e.status() == 400).count(), whatIfs.toString());
            assertEquals(4L, whatIfs.stream().filter(e -> e.path().contains("/dicom-cmk-fleet-ws-")).count(),
                    "each fleet-rg service asked alone: " + whatIfs);
            JsonNode rows = new ObjectMapper().readTree(fleet.out()).path("services");
            assertEquals(5, rows.size(), fleet.describe());
            for (JsonNode row : rows) {
                CliRunner.Result one = cli.run("rotate-key", "--service", row.path("service").asText(), "--new-version",
                        "--dry-run", "-o", "json");
                assertEquals(new ObjectMapper().readTree(one.out()).path("services").get(0), row, row.toString());
            }
        }
    }

    private static String deployment(RequestLog.Entry e) {
        return e.path().substring(e.path().lastIndexOf('/') + 1);
    }
}
