package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SandboxIds;
import dev.dicomcmk.sandbox.world.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Write-ahead (every Azure write is journaled before it is made, anything not proven failed is pending and
 * reconciled from Azure) and the keep-enabled list built from every source, through the CLI against a
 * sandbox whose faults let a write take effect in Azure while the client sees a failure.
 */
class WriteAheadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VAULT = "demo-kv\\.vault\\.sandbox\\.test";
    private static final String MANAGEMENT = "management\\.sandbox\\.test";
    private static final String SERVICE_ID = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
            + "/resourceGroups/demo-rg/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom";

    @TempDir
    Path state;

    @Test
    void aKeyVault500OnTheNewVersionsReadLeavesItToTheNextRunWhichSwitchesToItInsteadOfMakingAnother() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String old = serviceKey(cli);
            int before = versions(cli).size();
            // any version but the current one: the new version's reads fail, as a Key Vault having a bad minute would
            cli.sandbox.faults().add(FaultRule.respond(500, Map.of(), "{\"error\":{\"code\":\"InternalServerError\","
                    + "\"message\":\"sandbox: injected\"}}").forMethod("GET").forHost(VAULT)
                    .forPath("/keys/demo-key/(?!" + version(old) + ")[0-9a-f]{32}"));
            CliRunner.Result first = rotate(cli);
            assertEquals(6, first.exitCode(), first.describe());
            assertEquals(before + 1, versions(cli).size(), "one version made");
            String made = "https://demo-kv.vault.sandbox.test/keys/demo-key/" + newest(cli);
            assertTrue(first.out().contains(made) && first.out().contains("the next run with --new-version switches to it"),
                    "the output names the version left unused: " + first.describe());
            List<JsonNode> j = journal();
            assertEquals(List.of("create-version", "switch", "switch"), field(j, "action"), j.toString());
            assertEquals(made, j.get(1).path("newKey").asText(), "the journal names the version as soon as it exists");
            assertEquals(j.get(0).path("attempt").asText(), tag(cli, newest(cli)), "the version carries the attempt's id");
            assertEquals(old, serviceKey(cli));

            cli.sandbox.faults().clear();
            CliRunner.Result second = rotate(cli);
            assertEquals(0, second.exitCode(), second.describe());
            assertEquals(before + 1, versions(cli).size(), "no second version: the first one is adopted");
            assertEquals(made, serviceKey(cli));
            j = journal();
            assertTrue(j.stream().anyMatch(e -> e.path("outcome").asText().equals("succeeded")
                    && e.path("newKey").asText().equals(made)), j.toString());
        }
    }

    @Test
    void aNewVersionWhoseAnswerWasLostIsFoundByItsTagAndAdopted() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            int before = versions(cli).size();
            // Key Vault makes the version, then the connection drops before its answer
            cli.sandbox.faults().add(FaultRule.acceptThenReset().forMethod("POST").forHost(VAULT)
                    .forPath("/keys/demo-key/create").times(1));
            CliRunner.Result first = rotate(cli);
            assertEquals(6, first.exitCode(), first.describe());
            assertEquals(before + 1, versions(cli).size(), "Key Vault made it");
            String made = "https://demo-kv.vault.sandbox.test/keys/demo-key/" + newest(cli);
            List<JsonNode> j = journal();
            assertEquals(2, j.size(), j.toString());
            assertEquals("create-version", j.get(0).path("action").asText());
            assertTrue(j.get(1).path("outcome").asText().startsWith("pending: Key Vault's answer to the new version was lost"),
                    j.toString());
            String attempt = j.get(0).path("attempt").asText();
            assertTrue(first.out().contains("tagged dicom-cmk-attempt=" + attempt), first.describe());

            CliRunner.Result second = rotate(cli);
            assertEquals(0, second.exitCode(), second.describe());
            assertEquals(before + 1, versions(cli).size(), "adopted, not made again");
            assertEquals(made, serviceKey(cli));
            j = journal();
            assertTrue(j.get(2).path("outcome").asText().contains("Key Vault made " + made + " (it carries tag dicom-cmk-attempt="
                    + attempt + ")"), "the journal names the adopted version and the proof: " + j);
            assertEquals(attempt, j.get(2).path("attempt").asText());
            assertTrue(second.err().contains("made " + made + " (proved by its tag)"), second.describe());
        }
    }

    @Test
    void anUnwritableJournalStopsTheRunBeforeAnyAzureWrite() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            Path notADirectory = Files.writeString(state.resolve("plain-file"), "x");
            CliRunner.Result r = cli.runner().env("XDG_STATE_HOME", state.toString()).run("--cloud", cli.profile.toString(),
                    "--auth", "env", "rotate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "--new-version", "--yes",
                    "--journal", notADirectory.resolve("journal.jsonl").toString());
            assertNotEquals(0, r.exitCode(), r.describe());
            assertTrue(r.err().contains("cannot write the journal"), r.describe());
            List<RequestLog.Entry> writes = cli.sandbox.requestLog().entries().stream().filter(RequestLog.Entry::write).toList();
            assertEquals(List.of(), writes, "no key version, no deployment");
        }
    }

    @Test
    void aDeploymentAcceptedThenCutOffWhilePolledIsPendingAndTheNextRunFindsItSucceededInAzure() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            // ARM takes the PUT, then every look at it fails on the network
            cli.sandbox.faults().add(FaultRule.acceptThenReset().forMethod("PUT").forHost(MANAGEMENT)
                    .forPath(".*/providers/Microsoft.Resources/deployments/[^/]+").times(1));
            cli.sandbox.faults().add(FaultRule.reset().forMethod("GET").forHost(MANAGEMENT)
                    .forPath(".*/deployments/dicom-cmk-[^/]*(/operationStatuses/.*)?"));
            CliRunner.Result first = rotate(cli);
            assertEquals(6, first.exitCode(), first.describe());
            List<JsonNode> j = journal();
            JsonNode last = j.get(j.size() - 1);
            String newKey = last.path("newKey").asText();
            assertTrue(last.path("outcome").asText().startsWith("pending: deployment " + last.path("deployment").asText()
                    + " still unconfirmed"), "not failed, not rolled back: " + j);
            assertEquals(newKey, serviceKey(cli), "Azure switched the service");
            assertTrue(errorLines(first).get(0).contains("failed (Unconfirmed): deployment"), first.describe());

            cli.sandbox.faults().clear();
            cli.sandbox.clock().advance(Duration.ofSeconds(31));
            CliRunner.Result second = rotate(cli);
            assertEquals(0, second.exitCode(), second.describe());
            assertTrue(second.err().contains("had already switched to " + newKey), second.describe());
            j = journal();
            assertEquals("succeeded", j.get(j.size() - 1).path("outcome").asText(), j.toString());
            assertEquals(last.path("attempt"), j.get(j.size() - 1).path("attempt"), "the same attempt, reconciled from Azure");
        }
    }

    @Test
    void enableIdentityJournalsEachWriteBeforeItIsSentAndALostAnswerIsReadBackByTheNextRun() throws Exception {
        try (SandboxCli cli = new SandboxCli("identity-missing")) {
            // ARM turns the identity on, then the connection drops before its answer
            cli.sandbox.faults().add(FaultRule.acceptThenReset().forMethod("PATCH").forHost(MANAGEMENT)
                    .forPath(".*/dicomservices/demo-dicom"));
            CliRunner.Result first = cli.runner().run("--cloud", cli.profile.toString(), "--auth", "env", "enable-identity",
                    "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "--system-assigned", "--grant-key-access", "--yes");
            assertNotEquals(0, first.exitCode(), first.describe());
            List<JsonNode> j = cliJournal(cli);
            assertEquals(List.of("set-identity", "set-identity"), field(j, "action"), j.toString());
            assertEquals("enable-identity", j.get(0).path("command").asText());
            assertEquals("started", j.get(0).path("outcome").asText());
            assertTrue(j.get(1).path("outcome").asText().startsWith("pending: its answer was lost"), j.toString());

            cli.sandbox.faults().clear();
            CliRunner.Result second = cli.runner().run("--cloud", cli.profile.toString(), "--auth", "env", "enable-identity",
                    "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "--system-assigned", "--grant-key-access", "--yes");
            assertEquals(0, second.exitCode(), second.describe());
            j = cliJournal(cli);
            assertEquals(j.get(0).path("attempt"), j.get(2).path("attempt"), j.toString());
            assertTrue(j.get(2).path("outcome").asText().startsWith("reconciled: read back by a later run: the service reports "
                    + "identity type SystemAssigned"), j.toString());
            assertEquals(List.of("grant-key-access", "grant-key-access"), field(j.subList(3, j.size()), "action"), j.toString());
            assertEquals(List.of("started", "succeeded"), field(j.subList(3, j.size()), "outcome"), j.toString());
        }
    }

    @Test
    void updateViaArmJournalsItsDeploymentBeforeItIsSent() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String old = serviceKey(cli);
            String other = versions(cli).stream().filter(v -> !old.endsWith(v)).findFirst().orElseThrow();
            String target = "https://demo-kv.vault.sandbox.test/keys/demo-key/" + other;
            cli.sandbox.faults().add(FaultRule.reset().forMethod("PUT").forHost(MANAGEMENT)
                    .forPath(".*/providers/Microsoft.Resources/deployments/[^/]+"));
            CliRunner.Result lost = updateViaArm(cli, target);
            assertEquals(6, lost.exitCode(), lost.describe());
            List<JsonNode> j = journal();
            assertEquals(List.of("started", "pending"), j.stream().map(e -> e.path("outcome").asText().split(":")[0]).toList(),
                    "journaled before the PUT, which never got an answer: " + j);
            assertEquals("update-via-arm", j.get(0).path("command").asText());
            assertEquals("deploy", j.get(0).path("action").asText());
            assertEquals(target, j.get(0).path("newKey").asText());
            assertEquals(old, j.get(0).path("oldKey").asText());

            cli.sandbox.faults().clear();
            CliRunner.Result deployed = updateViaArm(cli, target);
            assertEquals(0, deployed.exitCode(), deployed.describe());
            j = journal();
            assertTrue(j.get(2).path("outcome").asText().startsWith("failed: deployment " + j.get(0).path("deployment").asText()
                    + " is not in Azure"), "the lost PUT is read back from ARM: " + j);
            assertEquals(List.of("started", "succeeded"), field(j.subList(3, j.size()), "outcome"), j.toString());
            assertEquals(target, serviceKey(cli));
        }
    }

    @Test
    void theKeepListHasVersionsFromUpdateViaArmAndFromADeploymentOutsideTheToolWithTheirSources() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String first = serviceKey(cli);
            String outside = "https://demo-kv.vault.sandbox.test/keys/demo-key/" + versions(cli).stream()
                    .filter(v -> !first.endsWith(v)).findFirst().orElseThrow();
            // a portal deployment made long before this tool was used, still in the resource group's history
            long longAgo = cli.sandbox.clock().nowEpochSecond() - 86_400 * 200;
            cli.sandbox.world().update(w -> {
                Deployment d = new Deployment();
                d.name = "portal-cmk-change";
                d.resourceGroup = "demo-rg";
                d.mode = "Incremental";
                d.parameters = Json.MAPPER.valueToTree(Map.of("cmkUrl", Map.of("type", "String", "value", outside)));
                d.provisioningState = "Succeeded";
                d.timestamp = longAgo;
                d.startedAt = d.timestamp;
                d.correlationId = "outside";
                d.outputResources.add(SERVICE_ID);
                w.deployments.add(d);
            });
            assertEquals(0, rotate(cli).exitCode());
            String second = serviceKey(cli);
            assertEquals(0, updateViaArm(cli, first).exitCode(), "update-via-arm switches back to the first version");

            CliRunner.Result r = cli.runner().env("XDG_STATE_HOME", state.toString()).run("--cloud", cli.profile.toString(),
                    "--auth", "env", "-o", "json", "rotate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg",
                    "--new-version", "--verify-for", "1s", "--yes");
            assertEquals(0, r.exitCode(), r.describe());
            String third = serviceKey(cli);
            JsonNode row = JSON.readTree(r.out()).path("services").path(0);
            Map<String, List<String>> keep = new java.util.LinkedHashMap<>();
            row.path("keepEnabledSources").forEach(k -> {
                List<String> sources = new ArrayList<>();
                k.path("sources").forEach(s -> sources.add(s.asText()));
                keep.put(k.path("keyUrl").asText(), sources);
            });
            assertEquals(List.of(third, first, second, outside).stream().sorted().toList(), keep.keySet().stream().sorted().toList(),
                    r.describe());
            assertTrue(keep.get(first).stream().anyMatch(s -> s.startsWith("journal: update-via-arm deploy to it")), keep.toString());
            assertTrue(keep.get(first).stream().anyMatch(s -> s.startsWith("ARM deployment dicom-cmk-demo-ws-demo-dicom-")),
                    keep.toString());
            assertEquals(List.of("ARM deployment portal-cmk-change (Succeeded "
                    + java.time.Instant.ofEpochSecond(longAgo) + ")"), keep.get(outside),
                    "known only from the deployment history: " + keep);
            assertTrue(keep.get(third).contains("the service's current key"), keep.toString());
            assertTrue(row.path("keepEnabledCaveat").asText().contains("may still be needed"), r.describe());
            assertTrue(row.toString().contains(outside) && !r.out().toLowerCase(java.util.Locale.ROOT).contains("can be disabled"));
            assertEquals(row.path("keepEnabled").size(), keep.size());
        }
    }

    private CliRunner.Result rotate(SandboxCli cli) {
        return cli.runner().env("XDG_STATE_HOME", state.toString()).run("--cloud", cli.profile.toString(), "--auth", "env",
                "--timeout", "20s", "rotate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "--new-version",
                "--verify-for", "1s", "--yes");
    }

    private CliRunner.Result updateViaArm(SandboxCli cli, String keyUrl) {
        return cli.runner().env("XDG_STATE_HOME", state.toString()).run("--cloud", cli.profile.toString(), "--auth", "env",
                "--timeout", "20s", "update-via-arm", "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "--key-url", keyUrl,
                "--deploy", "--yes");
    }

    private static String serviceKey(SandboxCli cli) {
        return cli.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom");
    }

    private static List<String> versions(SandboxCli cli) {
        return cli.sandbox.world().keyVersions("demo-kv", "demo-key");
    }

    /** The version made last (the sandbox's clock may not move between two, so by the order the vault keeps). */
    private static String newest(SandboxCli cli) {
        List<String> all = versions(cli);
        return all.get(all.size() - 1);
    }

    private static String version(String keyUrl) {
        return keyUrl.substring(keyUrl.lastIndexOf('/') + 1);
    }

    private static String tag(SandboxCli cli, String version) {
        return cli.sandbox.world().read(w -> w.vault("demo-kv").orElseThrow().key("demo-key").orElseThrow()
                .version(version).orElseThrow().tags.get("dicom-cmk-attempt"));
    }

    private List<JsonNode> journal() throws Exception {
        return read(state.resolve("dicom-cmk/journal.jsonl"));
    }

    /** The journal of a run with SandboxCli's own state folder. */
    private static List<JsonNode> cliJournal(SandboxCli cli) throws Exception {
        return read(cli.dir.resolve("state/dicom-cmk/journal.jsonl"));
    }

    private static List<JsonNode> read(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static List<String> field(List<JsonNode> lines, String name) {
        return lines.stream().map(e -> e.path(name).asText()).toList();
    }

    private static List<String> errorLines(CliRunner.Result r) {
        return r.err().lines().filter(l -> l.startsWith("dicom-cmk: ")).toList();
    }
}
