package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.SandboxIds;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;
import dev.dicomcmk.sandbox.world.LifetimeAction;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.RotationPolicy;
import dev.dicomcmk.sandbox.world.Vault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rotate-key against an in-process sandbox: each mode, not due, dry run, refusal, rollback, conflict, history. */
class RotateKeyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KV = "https://demo-kv.vault.sandbox.test/keys/demo-key/";

    @TempDir
    Path state;
    /** The journal of the sandbox the test's last rotate-key ran against: its own, beside its cloud profile. */
    private Path journalFile;

    private CliRunner.Result rotate(SandboxCli cli, String... more) {
        List<String> all = new ArrayList<>(List.of("--cloud", cli.profile.toString(), "--auth", "env", "rotate-key",
                "--service", "demo-ws/demo-dicom", "-g", "demo-rg"));
        all.addAll(List.of(more));
        if (!all.contains("--verify-for")) {
            all.addAll(List.of("--verify-for", "2s"));
        }
        journalFile = cli.dir.resolve("journal.jsonl");
        return cli.runner().env("XDG_STATE_HOME", state.toString()).run(all.toArray(String[]::new));
    }

    private static String serviceKey(SandboxCli cli) {
        return cli.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom");
    }

    private List<JsonNode> journal() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(journalFile)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static boolean enabled(SandboxCli cli, String keyUrl) {
        String version = keyUrl.substring(keyUrl.lastIndexOf('/') + 1);
        return cli.sandbox.world().read(w -> w.vault("demo-kv").orElseThrow().key("demo-key").orElseThrow()
                .version(version).orElseThrow().enabled);
    }

    @Test
    void newVersionSwitchesJournalsAndKeepsTheOldVersionEnabled() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String old = serviceKey(cli);
            CliRunner.Result r = rotate(cli, "--new-version");
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(List.of(), errorLines(r), "no error line after a rotation that succeeded");
            String now = serviceKey(cli);
            assertNotEquals(old, now);
            assertTrue(now.startsWith(KV), now);
            assertEquals(3, cli.sandbox.world().keyVersions("demo-kv", "demo-key").size(), "one version created");
            assertTrue(enabled(cli, old), "the old version stays enabled");
            assertTrue(r.out().contains("keep these versions enabled") && r.out().contains(old), r.describe());
            assertTrue(cli.sandbox.world().serviceAvailable("demo-ws", "demo-dicom"));

            List<JsonNode> j = journal();
            assertEquals(List.of("started", "started", "succeeded"), j.stream().map(e -> e.path("outcome").asText()).toList());
            assertEquals(List.of("create-version", "switch", "switch"), j.stream().map(e -> e.path("action").asText()).toList(),
                    "the new version is journaled before it is made, the switch before it is deployed");
            assertEquals(SandboxIds.OPERATOR_OBJECT_ID, j.get(0).path("operator").asText());
            assertEquals(j.get(0).path("attempt"), j.get(2).path("attempt"));
            assertEquals(j.get(1).path("attempt"), j.get(2).path("attempt"));
            assertEquals(now, j.get(1).path("newKey").asText());
            assertEquals(now, j.get(2).path("newKey").asText());
            assertFalse(Files.readString(journalFile).contains("eyJ"), "no token in the journal");
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(journalFile)));

            CliRunner.Result history = rotate(cli, "--history", "-o", "json");
            assertEquals(0, history.exitCode(), history.describe());
            assertEquals(3, JSON.readTree(history.out()).path("entries").size(), history.describe());
        }
    }

    @Test
    void toLatestPicksWhatTheRotationPolicyMadeOnTheSandboxClock() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            cli.sandbox.world().update(w -> {
                RotationPolicy p = new RotationPolicy();
                p.lifetimeActions.add(new LifetimeAction("P90D", null, "Rotate"));
                p.expiryTime = "P2Y";
                w.vault("demo-kv").orElseThrow().key("demo-key").orElseThrow().rotationPolicy = p;
            });
            assertEquals(0, rotate(cli, "--to-latest").exitCode(), "nothing newer yet: up to date");
            assertEquals(2, cli.sandbox.world().keyVersions("demo-kv", "demo-key").size());
            cli.sandbox.clock().advance(Duration.ofDays(60)); // the current version turns 100 days old
            List<String> versions = cli.sandbox.world().keyVersions("demo-kv", "demo-key");
            assertEquals(3, versions.size(), "the policy rotated at 90 days");
            CliRunner.Result r = rotate(cli, "--to-latest", "--if-older-than", "90d");
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(KV + versions.get(2), serviceKey(cli));
        }
    }

    @Test
    void notDueAndDryRunChangeNothing() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String old = serviceKey(cli);
            CliRunner.Result notDue = rotate(cli, "--new-version", "--if-older-than", "90d");
            assertEquals(0, notDue.exitCode(), notDue.describe());
            assertTrue(notDue.out().contains("not due: current version is 40 days old"), notDue.describe());

            CliRunner.Result dry = rotate(cli, "--new-version", "--dry-run");
            assertEquals(0, dry.exitCode(), dry.describe());
            assertTrue(dry.out().contains("keyEncryptionKeyUrl"), "shows ARM's what-if: " + dry.describe());
            assertEquals(0, cli.sandbox.requestLog().writes(), "no write at all: " + cli.sandbox.requestLog().successfulWrites());
            assertEquals(2, cli.sandbox.world().keyVersions("demo-kv", "demo-key").size(), "no key version created");
            assertEquals(old, serviceKey(cli));
        }
    }

    @Test
    void aKeyInAnotherVaultNeedsAccessFirst() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String other = addOtherVault(cli);
            CliRunner.Result refused = rotate(cli, "--key-url", other, "--yes");
            assertEquals(3, refused.exitCode(), refused.describe());
            assertEquals(1, errorLines(refused).size(), refused.describe());
            assertTrue(errorLines(refused).get(0).startsWith("dicom-cmk: rotate key of demo-ws/demo-dicom refused: " + other
                    + " fails a requirement"), refused.describe());
            // the service by its full ARM id, so the command means it in any shell
            assertTrue(refused.out().contains("'dicom-cmk enable-identity --grant-key-access --key-url " + other
                    + " --service /subscriptions/"), refused.describe());
            assertEquals(0, cli.sandbox.requestLog().deploymentPuts().size());

            CliRunner.Result grant = cli.run("enable-identity", "--service", "demo-ws/demo-dicom", "-g", "demo-rg",
                    "--grant-key-access", "--key-url", other, "--yes");
            assertEquals(0, grant.exitCode(), grant.describe());
            CliRunner.Result r = rotate(cli, "--key-url", other);
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(other, serviceKey(cli));
        }
    }

    /** other-kv with one RSA-HSM 3072 key the operator can read and the service's identity cannot use. */
    private static String addOtherVault(SandboxCli cli) {
        String version = "0123456789abcdef0123456789abcdef";
        cli.sandbox.world().update(w -> {
            Vault v = new Vault();
            v.name = "other-kv";
            v.resourceGroup = "demo-rg";
            v.location = w.location;
            v.tenantId = w.tenantId;
            v.enablePurgeProtection = true;
            Key k = new Key("other-key");
            KeyVersion kv = new KeyVersion();
            kv.version = version;
            kv.kty = "RSA-HSM";
            kv.keySize = 3072;
            kv.keyOps = new ArrayList<>(List.of("wrapKey", "unwrapKey"));
            kv.created = cli.sandbox.clock().nowEpochSecond() - 86_400;
            kv.updated = kv.created;
            k.versions.add(kv);
            v.keys.add(k);
            w.vaults.add(v);
            w.roleAssignments.add(new RoleAssignment(w.ids.guid(), v.id(w.subscriptionId),
                    dev.dicomcmk.sandbox.rbac.BuiltInRoles.KV_CRYPTO_OFFICER, SandboxIds.OPERATOR_OBJECT_ID, kv.created));
        });
        return "https://other-kv.vault.sandbox.test/keys/other-key/" + version;
    }

    @Test
    void rollsBackWhenTheServiceTurnsUnhealthyAfterTheSwitch() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String old = serviceKey(cli);
            String target = KV + cli.sandbox.world().keyVersions("demo-kv", "demo-key").get(0);
            CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(() -> rotate(cli, "--key-url", target,
                    "--verify-for", "20s"));
            // break the service once it switched: its new key version gets disabled (as a careless admin would)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!target.equals(serviceKey(cli)) && !run.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            cli.sandbox.world().setKeyEnabled("demo-kv", "demo-key", target.substring(target.lastIndexOf('/') + 1), false);
            CliRunner.Result r = run.get(60, TimeUnit.SECONDS);
            assertEquals(6, r.exitCode(), r.describe());
            assertTrue(r.out().contains("rolled back to " + old), r.describe());
            assertEquals(1, errorLines(r).size(), r.describe());
            assertTrue(errorLines(r).get(0).startsWith("dicom-cmk: rotate key of demo-ws/demo-dicom failed (RolledBack): rolled back to "
                    + old + ": the service turned unhealthy") && errorLines(r).get(0).contains(" — "), r.describe());
            assertEquals(old, serviceKey(cli));
            assertTrue(cli.sandbox.world().serviceAvailable("demo-ws", "demo-dicom"));
            List<JsonNode> j = journal();
            assertEquals("rollback", j.get(j.size() - 2).path("action").asText(), "the rollback is journaled before it is deployed: " + j);
            assertEquals("started", j.get(j.size() - 2).path("outcome").asText(), j.toString());
            assertTrue(j.get(j.size() - 1).path("outcome").asText().startsWith("rolled-back: "), j.toString());
        }
    }

    @Test
    void stopsWhenAnotherAdminChangedTheServiceBetweenPlanAndApply() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String old = serviceKey(cli);
            String target = KV + cli.sandbox.world().keyVersions("demo-kv", "demo-key").get(0);
            // the key reads of the check are slowed down, so the change below lands between plan and apply
            cli.sandbox.faults().add(FaultRule.latency(1500).forHost("demo-kv\\.vault\\.sandbox\\.test").times(1));
            CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(() -> rotate(cli, "--key-url", target));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (cli.sandbox.requestLog().entries().stream().noneMatch(e -> e.path().contains("/dicomservices/"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            cli.sandbox.world().update(w -> {
                w.demoService().tags.put("owner", "someone-else");
                w.demoService().etag = "\"" + w.ids.guid() + "\"";
            });
            CliRunner.Result r = run.get(60, TimeUnit.SECONDS);
            assertEquals(6, r.exitCode(), r.describe());
            assertTrue(r.out().contains("its etag changed"), r.describe());
            assertEquals(1, errorLines(r).size(), r.describe());
            assertTrue(errorLines(r).get(0).startsWith("dicom-cmk: rotate key of demo-ws/demo-dicom failed (Conflict): the "
                    + "service changed since the plan") && errorLines(r).get(0).contains("run again to plan anew"), r.describe());
            assertEquals(0, cli.sandbox.requestLog().deploymentPuts().size(), "nothing deployed");
            assertEquals(old, serviceKey(cli));
            assertEquals("someone-else", cli.sandbox.world().read(w -> w.demoService().tags.get("owner")));
        }
    }

    @Test
    void aFailedDeploymentIsReportedAndTheServiceEndsOnAKeyItCanUse() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String old = serviceKey(cli);
            String target = KV + cli.sandbox.world().keyVersions("demo-kv", "demo-key").get(0);
            // the deployment's status turns Failed (the sandbox applied it: the rollback must undo it)
            cli.sandbox.faults().add(FaultRule.respond(200, java.util.Map.of(),
                    "{\"status\":\"Failed\",\"error\":{\"code\":\"DeploymentFailed\",\"message\":\"injected\"}}")
                    .forPath(".*/deployments/dicom-cmk-[^/]*/operationStatuses/.*").times(1));
            CliRunner.Result r = rotate(cli, "--key-url", target, "-q");
            assertEquals(6, r.exitCode(), r.describe());
            assertTrue(r.out().startsWith("demo-ws/demo-dicom: rolled back to " + old), r.describe());
            assertTrue(r.err().startsWith("dicom-cmk: rotate key of demo-ws/demo-dicom failed (RolledBack): rolled back to "
                    + old + ": the deployment failed after the service took the new key"), "-q keeps the error line: " + r.describe());
            assertEquals(old, serviceKey(cli));
            assertTrue(enabled(cli, old) && enabled(cli, target));
        }
    }

    @Test
    void aFleetKeepsItsRowsOnStdoutAndSaysOnStderrHowManyFailed() throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-3")) {
            // the second service's deployment fails before it changes anything
            cli.sandbox.faults().add(FaultRule.respond(400, java.util.Map.of(), "{\"error\":{\"code\":\"InvalidTemplate\","
                    + "\"message\":\"injected\"}}").forMethod("PUT").forPath(".*/deployments/dicom-cmk-fleet-ws-01-dicom-0002-.*"));
            CliRunner.Result r = cli.runner().env("XDG_STATE_HOME", state.toString()).run("--cloud", cli.profile.toString(),
                    "--auth", "env", "rotate-key", "--all", "-g", "fleet-rg", "--new-version", "--verify-for", "1s", "--yes");
            assertEquals(6, r.exitCode(), r.describe());
            assertEquals(4, r.out().lines().count(), "a row a service and the summary: " + r.describe());
            assertTrue(r.out().contains("3 services: 1 failed, 2 succeeded"), r.describe());
            assertEquals(List.of("dicom-cmk: rotate-key --all failed for 1 of 3 services (1 failed) — their rows say why; rotate "
                    + "them again one at a time with --service"), errorLines(r), r.describe());
        }
    }

    /** The lines on stderr that report an error (the rest is progress). */
    private static List<String> errorLines(CliRunner.Result r) {
        return r.err().lines().filter(l -> l.startsWith("dicom-cmk: ")).toList();
    }

    @Test
    void refusesBadInput() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            assertEquals(2, rotate(cli).exitCode());
            assertEquals(2, rotate(cli, "--new-version", "--to-latest").exitCode());
            assertEquals(2, rotate(cli, "--key-url", KV.substring(0, KV.length() - 1)).exitCode(), "a versionless key");
            assertEquals(2, cli.runner().run("--cloud", cli.profile.toString(), "--auth", "env", "rotate-key", "--all",
                    "--key-url", KV + "0123456789abcdef0123456789abcdef").exitCode());
            assertEquals(0, cli.sandbox.requestLog().writes());
        }
    }
}
