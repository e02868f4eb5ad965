package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.rotation.RunLock;
import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.rbac.BuiltInRoles;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.testing.KeyVaultRotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rotate-key --from-event, end to end against a sandbox that records the Event Grid events Key Vault would
 * publish: three services share fleet-key-0001; its new version's event (taken from events.jsonl) re-points
 * all three; a repeated or late delivery changes nothing; an expiry event lists the pinned services.
 */
class RotateKeyFromEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "fleet-key-0001";
    private static final List<String> SHARING = List.of("dicom-0001", "dicom-0002", "dicom-0003");

    /** dicom-0002 and dicom-0003 moved onto fleet-key-0001 (as a shared key), with its access. */
    private static void shareKey(SandboxCli cli) {
        cli.sandbox.world().update(w -> {
            Vault kv = w.vault("fleet-kv").orElseThrow();
            Key key = kv.key(KEY).orElseThrow();
            for (String name : SHARING.subList(1, SHARING.size())) {
                DicomService s = w.dicomService("fleet-rg", "fleet-ws-01", name).orElseThrow();
                s.keyEncryptionKeyUrl = "https://" + kv.host("sandbox.test") + "/keys/" + KEY + "/" + key.latest().version;
                w.roleAssignments.add(new RoleAssignment(UUID.randomUUID().toString(), kv.id(w.subscriptionId) + "/keys/" + KEY,
                        BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER, s.principalId, cli.sandbox.clock().nowEpochSecond()));
            }
        });
    }


    private static JsonNode lastEvent(Path eventsFile) throws Exception {
        List<String> lines = Files.readAllLines(eventsFile, StandardCharsets.UTF_8);
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private static Path write(Path dir, String name, Object event) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, event instanceof String s ? s : JSON.writeValueAsString(event));
        return f;
    }

    private static CliRunner.Result follow(SandboxCli cli, Path event, String... more) {
        List<String> args = new ArrayList<>(List.of("rotate-key", "--from-event", event.toString(), "--verify-for", "1s",
                "-o", "json"));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    private static List<String> keysOfSharing(SandboxCli cli) {
        return SHARING.stream().map(s -> cli.sandbox.world().keyEncryptionKeyUrl("fleet-ws-01", s)).toList();
    }

    private static long deploymentPuts(SandboxCli cli) {
        return cli.sandbox.requestLog().entries().stream()
                .filter(e -> e.method().equals("PUT") && e.path().contains("/deployments/")).count();
    }

    @Test
    void theSandboxRecordsEveryNewVersionAsKeyVaultsEventGridEvent() throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-3", true)) {
            Path events = cli.dir.resolve(Sandbox.EVENTS_FILE);
            assertEquals(5, Files.readAllLines(events).size(), "one event per seeded version (demo-key has two, each fleet key one)");
            if (dev.dicomcmk.files.PrivateFiles.posix()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(events)));
            }
            String v = KeyVaultRotation.newVersion(cli.sandbox, "fleet-kv", KEY);
            JsonNode e = lastEvent(events);
            assertEquals("Microsoft.KeyVault.KeyNewVersionCreated", e.path("eventType").asText());
            assertTrue(e.path("topic").asText().endsWith("/providers/Microsoft.KeyVault/vaults/fleet-kv"), e.toString());
            assertEquals(KEY, e.path("subject").asText());
            assertEquals("https://fleet-kv.vault.sandbox.test/keys/" + KEY + "/" + v, e.path("data").path("Id").asText());
            assertEquals("fleet-kv", e.path("data").path("VaultName").asText());
            assertEquals("Key", e.path("data").path("ObjectType").asText());
            assertEquals(KEY, e.path("data").path("ObjectName").asText());
            assertEquals(v, e.path("data").path("Version").asText());
            assertTrue(e.path("data").path("EXP").isNumber(), e.toString());
            assertEquals("1", e.path("dataVersion").asText());
            assertEquals("1", e.path("metadataVersion").asText());
            Instant.parse(e.path("eventTime").asText());
            // a change that makes no version publishes nothing
            cli.sandbox.world().update(w -> { });
            assertEquals(6, Files.readAllLines(events).size());
        }
    }

    @Test
    void aNewVersionEventRepointsEveryServiceOnTheKeyOnceAndNeverBackwards(@TempDir Path tmp) throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-3", true)) {
            shareKey(cli);
            Path events = cli.dir.resolve(Sandbox.EVENTS_FILE);
            String v2 = KeyVaultRotation.newVersion(cli.sandbox, "fleet-kv", KEY);
            Path second = write(tmp, "v2.json", lastEvent(events));

            CliRunner.Result r = follow(cli, second);
            assertEquals(0, r.exitCode(), r.describe());
            JsonNode doc = JSON.readTree(r.out());
            assertEquals(3, doc.path("services").size(), r.out());
            doc.path("services").forEach(s -> assertEquals("succeeded", s.path("outcome").asText(), s.toString()));
            keysOfSharing(cli).forEach(k -> assertTrue(k.endsWith("/" + KEY + "/" + v2), k));

            // at-least-once delivery: the same event again changes nothing
            long puts = deploymentPuts(cli);
            CliRunner.Result again = follow(cli, second);
            assertEquals(0, again.exitCode(), again.describe());
            JSON.readTree(again.out()).path("services")
                    .forEach(s -> assertEquals("up-to-date", s.path("outcome").asText(), s.toString()));
            assertEquals(puts, deploymentPuts(cli), "a repeated event deploys nothing");

            // a newer version, then the older event delivered late: the services stay on the newer one
            String v3 = KeyVaultRotation.newVersion(cli.sandbox, "fleet-kv", KEY);
            CliRunner.Result third = follow(cli, write(tmp, "v3.json", lastEvent(events)));
            assertEquals(0, third.exitCode(), third.describe());
            keysOfSharing(cli).forEach(k -> assertTrue(k.endsWith("/" + v3), k));
            puts = deploymentPuts(cli);
            CliRunner.Result late = follow(cli, second);
            assertEquals(0, late.exitCode(), late.describe());
            JSON.readTree(late.out()).path("services").forEach(s -> {
                assertEquals("up-to-date", s.path("outcome").asText(), s.toString());
                assertTrue(s.path("message").asText().contains("not older than"), s.toString());
            });
            keysOfSharing(cli).forEach(k -> assertTrue(k.endsWith("/" + v3), k));
            assertEquals(puts, deploymentPuts(cli), "a late event deploys nothing");
            // the unrelated service stays on its own key
            assertFalse(cli.sandbox.world().keyEncryptionKeyUrl("fleet-ws-01", "dicom-0001").contains("fleet-key-0002"));
        }
    }

    @Test
    void cloudEventsAndABatchAreReadLikeEventGridsSchema(@TempDir Path tmp) throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-3", true)) {
            shareKey(cli);
            Path events = cli.dir.resolve(Sandbox.EVENTS_FILE);
            KeyVaultRotation.newVersion(cli.sandbox, "fleet-kv", KEY);
            JsonNode older = lastEvent(events);
            String v3 = KeyVaultRotation.newVersion(cli.sandbox, "fleet-kv", KEY);
            JsonNode newer = lastEvent(events);
            // a batch holding both versions' events, oldest first: each service is switched once, to the newest
            ArrayNode batch = JSON.createArrayNode().add(cloudEvent(older)).add(cloudEvent(newer));
            CliRunner.Result r = follow(cli, write(tmp, "batch.json", batch));
            assertEquals(0, r.exitCode(), r.describe());
            keysOfSharing(cli).forEach(k -> assertTrue(k.endsWith("/" + v3), k));
            assertEquals(3, deploymentPuts(cli), "one switch per service, not one per event: " + r.out());
            // newest first, in the Event Grid schema: the same end
            r = follow(cli, write(tmp, "batch2.json", JSON.createArrayNode().add(newer).add(older)));
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(3, deploymentPuts(cli), r.out());
        }
    }

    private static ObjectNode cloudEvent(JsonNode eventGrid) {
        ObjectNode c = JSON.createObjectNode().put("specversion", "1.0").put("id", eventGrid.path("id").asText())
                .put("source", eventGrid.path("topic").asText()).put("subject", eventGrid.path("subject").asText())
                .put("type", eventGrid.path("eventType").asText()).put("time", eventGrid.path("eventTime").asText());
        c.set("data", eventGrid.path("data"));
        return c;
    }

    @Test
    void aNearExpiryEventListsThePinnedServicesAndExits3(@TempDir Path tmp) throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-3", true)) {
            shareKey(cli);
            // fleet-key-0001's version expires 730 days after it was made, 67 days ago: 640 days on it is near
            cli.sandbox.clock().advance(Duration.ofDays(640));
            JsonNode near = cli.sandbox.events().stream()
                    .filter(e -> e.path("eventType").asText().equals("Microsoft.KeyVault.KeyNearExpiry")
                            && e.path("subject").asText().equals(KEY))
                    .findFirst().orElseThrow(() -> new AssertionError("no KeyNearExpiry: " + cli.sandbox.events()));
            for (Object form : List.of(near, cloudEvent(near))) {
                CliRunner.Result r = cli.run("rotate-key", "--from-event", write(tmp, "near.json", form).toString());
                assertEquals(3, r.exitCode(), r.describe());
                for (String s : SHARING) {
                    assertTrue(r.out().contains("fleet-ws-01/" + s), r.describe());
                }
                assertTrue(r.out().contains("pinned"), r.describe());
                assertTrue(r.out().contains("rotate-key --to-latest --service /subscriptions/"), r.describe());
                assertTrue(r.out().contains("rotate-key --new-version --service /subscriptions/"), r.describe());
                // progress aside, one line says what is wrong
                assertEquals(1, r.err().lines().filter(l -> l.startsWith("dicom-cmk: ")).count(), r.describe());
                assertTrue(r.err().contains("3 services are still on a key version that is near its expiry"), r.describe());
            }
        }
    }

    @Test
    void aLockedServiceIsExit7SoTheEventIsDeliveredAgain(@TempDir Path tmp) throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-3", true)) {
            shareKey(cli);
            KeyVaultRotation.newVersion(cli.sandbox, "fleet-kv", KEY);
            Path event = write(tmp, "v2.json", lastEvent(cli.dir.resolve(Sandbox.EVENTS_FILE)));
            String id = cli.sandbox.world().read(w -> w.dicomService("fleet-rg", "fleet-ws-01", "dicom-0002").orElseThrow()
                    .id(w.subscriptionId));
            Path state = tmp.resolve("share");
            Path lockFile = RunLock.fileFor(state.resolve("management.sandbox.test"), id, "fleet-ws-01/dicom-0002");
            Files.createDirectories(lockFile.getParent());
            try (RunLock held = RunLock.acquire(lockFile, ProcessHandle.current().pid(), Instant.now())) {
                CliRunner.Result r = follow(cli, event, "--state-dir", state.toString());
                assertEquals(7, r.exitCode(), r.describe());
            }
            // the journal went where --state-dir points, in the cloud's own folder, owner-only
            Path journal = state.resolve("management.sandbox.test").resolve("journal.jsonl");
            assertTrue(Files.isRegularFile(journal), "journal under --state-dir");
            if (dev.dicomcmk.files.PrivateFiles.posix()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)));
            }
            CliRunner.Result retried = follow(cli, event, "--state-dir", state.toString());
            assertEquals(0, retried.exitCode(), retried.describe());
        }
    }

    @Test
    void theAutoRotationGapWarningNamesTheCommandsThatCloseIt() throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-3")) {
            shareKey(cli);
            KeyVaultRotation.newVersion(cli.sandbox, "fleet-kv", KEY);
            CliRunner.Result r = cli.run("validate-key", "--service", "fleet-ws-01/dicom-0002", "-g", "fleet-rg");
            String line = r.out().lines().filter(l -> l.contains("rotate-key --from-event")).findFirst()
                    .orElseThrow(() -> new AssertionError("no --from-event in the fix: " + r.describe()));
            assertTrue(r.out().contains("KEY-AUTO-ROTATION-GAP"), r.describe());
            List<String> commands = PastedAdviceTest.commandsIn(line.substring(line.indexOf("dicom-cmk")));
            assertEquals(2, commands.size(), line);
            assertTrue(commands.get(0).contains("rotate-key --to-latest --service /subscriptions/"), line);
            assertEquals("dicom-cmk rotate-key --from-event <event-file>", commands.get(1));
            for (String c : commands) {
                assertEquals(null, PastedAdviceTest.problemWith(c), c);
            }
        }
    }

    @Test
    void badEventInputIsOneLineAndExit2BeforeAnySignIn(@TempDir Path tmp) throws Exception {
        String v = "0123456789abcdef0123456789abcdef";
        try (SandboxCli cli = new SandboxCli("fleet-3")) {
            List<String> bad = List.of(
                    "not json",
                    "{\"eventType\":\"Contoso.Orders.Created\",\"data\":{}}",
                    "{\"eventType\":\"Microsoft.KeyVault.SecretNewVersionCreated\",\"data\":{\"Id\":"
                            + "\"https://fleet-kv.vault.sandbox.test/secrets/s/" + v + "\"}}",
                    "{\"eventType\":\"Microsoft.KeyVault.KeyNewVersionCreated\",\"data\":{\"Id\":"
                            + "\"https://fleet-kv.vault.azure.net/keys/k/" + v + "\"}}",
                    "{\"eventType\":\"Microsoft.KeyVault.KeyNewVersionCreated\",\"data\":{\"Id\":"
                            + "\"https://attacker.example.com/keys/k/" + v + "\"}}",
                    "{\"eventType\":\"Microsoft.KeyVault.KeyNewVersionCreated\",\"data\":{\"Id\":"
                            + "\"https://fleet-kv.vault.sandbox.test/keys/k/" + v + "\",\"VaultName\":\"other-kv\"}}",
                    "{\"specversion\":\"1.0\",\"type\":\"Microsoft.KeyVault.KeyNearExpiry\",\"source\":\"/subscriptions/x/"
                            + "resourceGroups/r/providers/Microsoft.KeyVault/vaults/other-kv\",\"data\":{\"Id\":"
                            + "\"https://fleet-kv.vault.sandbox.test/keys/k/" + v + "\"}}",
                    "[]",
                    // Managed HSM publishes no Event Grid events: an event naming an HSM key is not one Azure sends
                    "{\"eventType\":\"Microsoft.KeyVault.KeyNewVersionCreated\",\"data\":{\"Id\":"
                            + "\"https://demo-hsm.managedhsm.sandbox.test/keys/k/" + v + "\"}}",
                    "{\"specversion\":\"1.0\",\"type\":\"Microsoft.KeyVault.KeyNearExpiry\",\"source\":\"/subscriptions/x/"
                            + "resourceGroups/r/providers/Microsoft.KeyVault/managedHSMs/demo-hsm\",\"data\":{\"Id\":"
                            + "\"https://demo-hsm.managedhsm.sandbox.test/keys/k/" + v + "\"}}");
            int i = 0;
            for (String text : bad) {
                cli.sandbox.requestLog().clear();
                CliRunner.Result r = follow(cli, write(tmp, "bad" + (i++) + ".json", text));
                assertEquals(2, r.exitCode(), text + "\n" + r.describe());
                assertEquals(1, r.err().strip().lines().count(), r.describe());
                assertTrue(r.err().contains("--from-event"), r.describe());
                assertFalse(r.err().contains("Exception"), r.describe());
                if (text.contains(".managedhsm.")) {
                    assertTrue(r.err().contains("Managed HSM publishes no Event Grid events")
                            && r.err().contains("rotate-key --to-latest --uses-key https://demo-hsm.managedhsm.sandbox.test/keys/k"),
                            r.describe());
                    String line = r.err().strip();
                    List<String> commands = PastedAdviceTest.commandsIn(line.substring(line.indexOf("dicom-cmk rotate-key")));
                    assertEquals(1, commands.size(), line);
                    assertEquals(null, PastedAdviceTest.problemWith(commands.get(0)), commands.get(0));
                }
                assertTrue(cli.sandbox.requestLog().entries().isEmpty(), "nothing was asked of Azure: " + text);
            }
            CliRunner.Result both = cli.run("rotate-key", "--from-event", "x.json", "--all");
            assertEquals(2, both.exitCode(), both.describe());
        }
    }
}
