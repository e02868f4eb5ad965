package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.SandboxIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rotate-key when the switch's deployment is still Running as --timeout runs out: Azure goes on with
 * it, so the attempt is journaled as pending (not failed), the output says so and how to check it,
 * and the next run finds out how the deployment ended and records it before it plans anew.
 */
class RotateKeyPendingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANAGEMENT = "management\\.sandbox\\.test";
    private static final String DEPLOYMENT_PUT = ".*/providers/Microsoft.Resources/deployments/[^/]+";

    @TempDir
    Path state;
    /** The journal of the sandbox the test's last rotate-key ran against: its own, beside its cloud profile. */
    private Path journalFile;

    @Test
    void aDeploymentThatGoesOnInAzureIsPendingUntilARunSeesItSucceed() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String old = serviceKey(cli);
            // the deployment reaches Azure and switches the service, but its status answers Running past --timeout
            cli.sandbox.faults().add(FaultRule.respond(200, Map.of(), "{\"status\":\"Running\"}").forMethod("GET")
                    .forHost(MANAGEMENT).forPath(".*/deployments/dicom-cmk-[^/]*/operationStatuses/.*"));
            CliRunner.Result first = rotate(cli, "3s");
            assertEquals(6, first.exitCode(), first.describe());
            List<JsonNode> journal = journal();
            assertEquals(2, journal.size(), journal.toString());
            JsonNode started = journal.get(0);
            String deployment = started.path("deployment").asText();
            String newKey = started.path("newKey").asText();
            String pending = "pending: deployment " + deployment + " still Running after 3s; it goes on in Azure";
            assertEquals(pending, journal.get(1).path("outcome").asText(), "not failed: the outcome is not known yet");
            assertEquals(started.path("attempt"), journal.get(1).path("attempt"));
            assertTrue(first.out().contains(pending + " and may yet switch the service to " + newKey + "; the service reports "
                    + newKey + " now (provisioningState Succeeded)"), first.describe());
            assertEquals(List.of("dicom-cmk: rotate key of demo-ws/demo-dicom failed (Timeout): deployment " + deployment
                    + " still Running after 3s; it goes on in Azure and may yet switch the service to " + newKey
                    + "; the service reports " + newKey + " now (provisioningState Succeeded) — see how it ends with 'az "
                    + "deployment group show --resource-group demo-rg --name " + deployment + " --query "
                    + "properties.provisioningState', then run 'dicom-cmk rotate-key --new-version --service "
                    + "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID + "/resourceGroups/demo-rg/providers/Microsoft.HealthcareApis/"
                    + "workspaces/demo-ws/dicomservices/demo-dicom' again: it records how the "
                    + "deployment ended before it plans anew (a larger --timeout waits longer for it)"), errorLines(first));

            // still Running when the next run looks: it waits out its own --timeout, then says so again and changes nothing
            CliRunner.Result second = rotate(cli, "2s");
            assertEquals(6, second.exitCode(), second.describe());
            assertTrue(second.out().contains("pending: deployment " + deployment + " still Running after 2s; it goes on in "
                    + "Azure"), second.describe());
            assertEquals(3, journal().size(), journal().toString());
            assertTrue(journal().get(2).path("outcome").asText().startsWith("pending: "), journal().toString());
            assertEquals(3, versions(cli), "no other version made while the deployment runs");

            // the deployment ends in Azure (30 s later by the sandbox's clock); the next run records its success
            cli.sandbox.faults().clear();
            cli.sandbox.clock().advance(Duration.ofSeconds(31));
            CliRunner.Result third = rotate(cli, "30s");
            assertEquals(0, third.exitCode(), third.describe());
            assertTrue(third.err().contains("had already switched to " + newKey + " (deployment " + deployment
                    + " ended Succeeded); verifying it"), third.describe());
            assertTrue(third.out().contains("succeeded: switched to " + newKey), third.describe());
            JsonNode last = journal().get(3);
            assertEquals(started.path("attempt"), last.path("attempt"));
            assertEquals("succeeded", last.path("outcome").asText(), journal().toString());
            assertEquals(4, journal().size(), "no new attempt: " + journal());
            assertEquals(newKey, serviceKey(cli));
            assertEquals(3, versions(cli), "the pending attempt's version is the rotation: no second one");
            assertTrue(!old.equals(newKey));
        }
    }

    @Test
    void aDeploymentThatNeverReachedAzureEndsTheAttemptAsFailedAndTheRunStartsOver() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String old = serviceKey(cli);
            stuckBeforeAzure(cli);
            CliRunner.Result first = rotate(cli, "3s");
            assertEquals(6, first.exitCode(), first.describe());
            assertTrue(first.out().contains("the service reports " + old + " now"), first.describe());
            String deployment = journal().get(0).path("deployment").asText();
            String newKey = journal().get(0).path("newKey").asText();
            assertTrue(journal().get(1).path("outcome").asText().startsWith("pending: deployment " + deployment), journal().toString());

            cli.sandbox.faults().clear();
            CliRunner.Result again = rotate(cli, "30s");
            assertEquals(0, again.exitCode(), again.describe());
            List<JsonNode> journal = journal();
            assertEquals("failed: cut off by --timeout before the switch; the service still reports the old key; deployment "
                    + deployment + " is not in Azure (never sent, or not accepted)", journal.get(2).path("outcome").asText(),
                    journal.toString());
            assertEquals(journal.get(0).path("attempt"), journal.get(2).path("attempt"));
            assertEquals("started", journal.get(3).path("outcome").asText());
            assertEquals(newKey, journal.get(3).path("newKey").asText(), "the version the pending attempt made is reused");
            assertEquals("succeeded", journal.get(4).path("outcome").asText(), journal.toString());
            assertEquals(newKey, serviceKey(cli));
            assertEquals(3, versions(cli));
        }
    }

    @Test
    void aDeploymentThatFailedInAzureEndsTheAttemptAsFailedWithAzuresWords() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            stuckBeforeAzure(cli);
            assertEquals(6, rotate(cli, "3s").exitCode());
            String deployment = journal().get(0).path("deployment").asText();

            cli.sandbox.faults().clear();
            String now = cli.sandbox.clock().now().toString();
            // as ARM answers a deployment: its own id and type, then the failure
            String id = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
                    + "/resourceGroups/demo-rg/providers/Microsoft.Resources/deployments/" + deployment;
            cli.sandbox.faults().add(FaultRule.respond(200, Map.of(), "{\"id\":\"" + id + "\",\"name\":\"" + deployment
                    + "\",\"type\":\"Microsoft.Resources/deployments\",\"properties\":{"
                    + "\"provisioningState\":\"Failed\",\"timestamp\":\"" + now + "\",\"error\":{\"code\":\"DeploymentFailed\","
                    + "\"message\":\"At least one resource deployment operation failed.\"}}}").forMethod("GET")
                    .forHost(MANAGEMENT).forPath(".*/deployments/" + deployment).times(1));
            CliRunner.Result again = rotate(cli, "30s");
            assertEquals(0, again.exitCode(), again.describe());
            assertEquals("failed: cut off by --timeout before the switch; the service still reports the old key; deployment "
                    + deployment + " ended Failed (DeploymentFailed: At least one resource deployment operation failed.)",
                    journal().get(2).path("outcome").asText(), journal().toString());
            assertEquals("succeeded", journal().get(4).path("outcome").asText(), journal().toString());
        }
    }

    @Test
    void aDeploymentWhoseRequestHadNoAnswerIsPendingTooAndTheNextRunFindsItInAzure() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            // ARM takes the PUT but answers only after --timeout: the run cannot know whether it was taken
            cli.sandbox.faults().add(FaultRule.latency(5000).forMethod("PUT").forHost(MANAGEMENT).forPath(DEPLOYMENT_PUT)
                    .times(1));
            CliRunner.Result first = rotate(cli, "3s");
            assertEquals(6, first.exitCode(), first.describe());
            String deployment = journal().get(0).path("deployment").asText();
            String newKey = journal().get(0).path("newKey").asText();
            assertEquals("pending: deployment " + deployment + " still unconfirmed (its request had no answer) after 3s; "
                    + "Azure may have taken it and go on with it", journal().get(1).path("outcome").asText(), journal().toString());
            assertTrue(errorLines(first).get(0).contains("(Timeout): deployment " + deployment + " still unconfirmed"),
                    first.describe());

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!newKey.equals(serviceKey(cli)) && System.nanoTime() < deadline) {
                Thread.sleep(100); // the sandbox handles the PUT once its latency is over
            }
            cli.sandbox.clock().advance(Duration.ofSeconds(31));
            CliRunner.Result again = rotate(cli, "30s");
            assertEquals(0, again.exitCode(), again.describe());
            assertTrue(again.err().contains("had already switched to " + newKey + " (deployment " + deployment
                    + " ended Succeeded)"), again.describe());
            assertEquals("succeeded", journal().get(2).path("outcome").asText(), journal().toString());
            assertEquals(3, journal().size(), "no second attempt: " + journal());
        }
    }

    @Test
    void aDryRunLeavesAnOpenAttemptAsItIsAndSaysARealRunFinishesItFirst() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String old = serviceKey(cli);
            stuckBeforeAzure(cli);
            assertEquals(6, rotate(cli, "3s").exitCode());
            cli.sandbox.faults().clear();
            int puts = cli.sandbox.requestLog().deploymentPuts().size();
            String attempt = journal().get(0).path("attempt").asText();

            CliRunner.Result dry = cli.runner().env("XDG_STATE_HOME", state.toString()).run("--cloud", cli.profile.toString(),
                    "--auth", "env", "rotate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "--new-version", "--dry-run");
            assertEquals(0, dry.exitCode(), dry.describe());
            assertTrue(dry.out().contains("an attempt cut off by --timeout (" + attempt + ", to "), dry.describe());
            assertTrue(dry.out().contains("is still open: a real run first finishes it"), dry.describe());
            assertEquals(puts, cli.sandbox.requestLog().deploymentPuts().size(), "a dry run deploys nothing");
            assertEquals(old, serviceKey(cli));
            List<JsonNode> journal = journal();
            assertEquals(3, journal.size(), "only the dry run's own line: " + journal);
            assertEquals("dry-run", journal.get(2).path("outcome").asText(), journal.toString());

            assertEquals(0, rotate(cli, "30s").exitCode());
            assertTrue(journal().get(3).path("outcome").asText().startsWith("failed: cut off by --timeout before the switch"),
                    "the real run still finds the attempt open and ends it: " + journal());
        }
    }

    /** The deployment's PUT is answered as Azure starts one, and its operation reports Running forever; Azure never saw it. */
    private static void stuckBeforeAzure(SandboxCli cli) {
        String base = "https://management.sandbox.test/subscriptions/" + SandboxIds.SUBSCRIPTION_ID;
        cli.sandbox.faults().add(FaultRule.respond(201, Map.of("Azure-AsyncOperation", base + "/providers/Microsoft.Resources"
                        + "/deployments/x/operationStatuses/stuck-operation?api-version=2024-03-01"),
                "{\"properties\":{\"provisioningState\":\"Accepted\"}}").forMethod("PUT").forHost(MANAGEMENT).forPath(DEPLOYMENT_PUT));
        cli.sandbox.faults().add(FaultRule.respond(200, Map.of(), "{\"status\":\"Running\"}").forMethod("GET").forHost(MANAGEMENT)
                .forPath(".*/operationStatuses/stuck-operation"));
    }

    private CliRunner.Result rotate(SandboxCli cli, String timeout) {
        journalFile = cli.dir.resolve("journal.jsonl");
        return cli.runner().env("XDG_STATE_HOME", state.toString()).run("--cloud", cli.profile.toString(), "--auth", "env",
                "--timeout", timeout, "rotate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "--new-version",
                "--verify-for", "1s", "--yes");
    }

    private static String serviceKey(SandboxCli cli) {
        return cli.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom");
    }

    private static int versions(SandboxCli cli) {
        return cli.sandbox.world().keyVersions("demo-kv", "demo-key").size();
    }

    /** The journal without the lines a new version's creation writes ahead of it (WriteAheadTest looks at those). */
    private List<JsonNode> journal() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(journalFile)) {
            JsonNode e = JSON.readTree(line);
            if (!e.path("action").asText().equals("create-version")) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<String> errorLines(CliRunner.Result r) {
        return r.err().lines().filter(l -> l.startsWith("dicom-cmk: ")).toList();
    }
}
