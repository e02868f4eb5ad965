package dev.dicomcmk.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.model.DeploymentFacts;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyFacts.KeyVersionFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.requirements.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rotation as a state machine over a fake world: every write is journaled before it is made (the fake
 * reads the journal at each write), an interrupted attempt's new version is adopted by its tag, an outcome
 * not proven failed is pending and the next run finishes it from what Azure reports, and a rollback is
 * journaled and finished the same way.
 */
class RotationStateMachineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String SERVICE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"
            + "/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom";
    private static final String KEY = "https://demo-kv.vault.azure.net/keys/k/";
    private static final String V1 = KEY + "1".repeat(32);

    @TempDir
    Path dir;

    @Test
    void writesAheadAndSucceeds() throws Exception {
        Fake world = new Fake();
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.SUCCEEDED, r.outcome(), r.message());
        String made = world.created.get(0);
        assertEquals(made, world.serviceKey);
        assertEquals(List.of("create-version:started", "switch:started"), world.journalAtWrites,
                "each write found its intent in the journal first");
        assertEquals(List.of("started", "started", "succeeded"), outcomes());
        assertEquals(made, r.keepEnabled().get(0).keyUrl());
        assertTrue(r.keepEnabled().stream().anyMatch(k -> k.keyUrl().equals(V1)), r.keepEnabled().toString());
    }

    @Test
    void aVersionWhoseAnswerWasLostIsPendingThenAdoptedByItsTag() throws Exception {
        Fake world = new Fake();
        world.loseCreateAnswer = true;
        RotationResult first = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.PENDING, first.outcome(), first.message());
        assertEquals(1, world.created.size());
        assertEquals(V1, world.serviceKey);
        assertTrue(lines().get(1).path("outcome").asText().startsWith("pending: "), lines().toString());

        world.loseCreateAnswer = false;
        RotationResult second = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.SUCCEEDED, second.outcome(), second.message());
        assertEquals(1, world.created.size(), "adopted, not made again");
        assertEquals(world.created.get(0), world.serviceKey);
        List<JsonNode> j = lines();
        assertEquals(j.get(0).path("attempt"), j.get(2).path("attempt"));
        assertTrue(j.get(2).path("outcome").asText().contains("(it carries tag dicom-cmk-attempt="), j.toString());
    }

    @Test
    void anInterruptedIntentWithNoTaggedVersionStartsOver() throws Exception {
        Fake world = new Fake();
        new Journal(journalFile()).append(new JournalEntry(NOW.toString(), "gone", "oid", SERVICE, V1, null, "plan",
                JournalEntry.STARTED, null, JournalEntry.ROTATE_KEY, JournalEntry.CREATE_VERSION));
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.SUCCEEDED, r.outcome(), r.message());
        assertEquals(1, world.created.size());
        assertTrue(lines().get(1).path("outcome").asText().startsWith("failed: interrupted before Key Vault made a version"),
                lines().toString());
    }

    @Test
    void anUnconfirmedDeploymentIsPendingAndTheNextRunResumesItFromAzure() throws Exception {
        Fake world = new Fake();
        world.deployFailures.add("unconfirmed");
        RotationResult first = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.PENDING, first.outcome(), first.message());
        String made = world.created.get(0);
        assertEquals(made, world.serviceKey, "Azure took it");
        int deploys = world.deploys.size();

        RotationResult second = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.RESUMED, second.outcome(), second.message());
        assertEquals(deploys, world.deploys.size(), "nothing deployed again: the deployment ended Succeeded");
        List<JsonNode> j = lines();
        assertEquals("succeeded", j.get(j.size() - 1).path("outcome").asText());
        assertEquals(j.get(1).path("attempt"), j.get(j.size() - 1).path("attempt"));
        assertEquals(1, world.created.size());
    }

    @Test
    void aRollbackIsJournaledBeforeItIsDeployed() throws Exception {
        Fake world = new Fake();
        world.unhealthyOnNewKey = true;
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.ROLLED_BACK, r.outcome(), r.message());
        assertEquals(V1, world.serviceKey);
        assertEquals(List.of("create-version:started", "switch:started", "rollback:started"), world.journalAtWrites);
        assertTrue(lines().get(3).path("outcome").asText().startsWith("rolled-back: "), lines().toString());
    }

    @Test
    void aRollbackWhoseOutcomeIsUnconfirmedIsFinishedByTheNextRunWithoutSwitchingAgain() throws Exception {
        Fake world = new Fake();
        world.unhealthyOnNewKey = true;
        world.deployFailures.add(null);
        world.deployFailures.add("unconfirmed");
        RotationResult first = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.PENDING, first.outcome(), first.message());
        assertTrue(first.message().contains("may yet switch the service back to " + V1), first.message());
        assertEquals(V1, world.serviceKey, "Azure took the rollback");
        int deploys = world.deploys.size();

        RotationResult second = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.ROLLED_BACK, second.outcome(), second.message());
        assertEquals(deploys, world.deploys.size(), "the next run reads how it ended and switches nothing");
        assertEquals(1, world.created.size());
        List<JsonNode> j = lines();
        JsonNode last = j.get(j.size() - 1);
        assertEquals("rollback", last.path("action").asText());
        assertTrue(last.path("outcome").asText().startsWith("rolled-back: switch demo-ws/demo-dicom back to " + V1), j.toString());
    }

    /** The process ends at a checkpoint of the apply (a kill): the next run finishes the attempt with the version it made. */
    @Test
    void aRunThatDiesAtACheckpointIsFinishedByTheNextRunWithTheVersionItMade() throws Exception {
        for (String step : List.of("before-deploy", "before-verify")) {
            Files.deleteIfExists(journalFile());
            Fake world = new Fake();
            world.dieAt = step;
            assertThrows(Died.class, () -> run(world, RotationMode.NEW_VERSION), step);
            List<JsonNode> j = lines();
            assertEquals("started", j.get(j.size() - 1).path("outcome").asText(), step + ": no end line: " + j);
            assertEquals(step.equals("before-verify") ? world.created.get(0) : V1, world.serviceKey, step);

            RotationResult next = run(world, RotationMode.NEW_VERSION);
            assertTrue(List.of(Outcome.SUCCEEDED, Outcome.RESUMED).contains(next.outcome()), step + ": " + next.message());
            assertEquals(1, world.created.size(), step + ": the version the dead run made is used, not another");
            assertEquals(world.created.get(0), world.serviceKey, step);
        }
    }

    /** What a kill looks like to code above the port: nothing after it runs (not an exception the rotation handles). */
    private static final class Died extends Error {
        Died(String step) {
            super("died at " + step);
        }
    }

    private RotationResult run(Fake world, RotationMode mode) {
        RotationRequest request = new RotationRequest(SERVICE, "demo-ws/demo-dicom", mode, null, null, false, Duration.ofSeconds(2), true);
        world.journal = journalFile();
        return new Rotation(request, world, new Journal(journalFile()), dir.resolve("lock"), ProcessHandle.current().pid()).run();
    }

    private Path journalFile() {
        return dir.resolve("journal.jsonl");
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(journalFile())) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private List<String> outcomes() throws Exception {
        return lines().stream().map(e -> e.path("outcome").asText()).toList();
    }

    /** A service, a key and ARM's deployments in memory; writes check the journal's last line first. */
    private static final class Fake implements RotationSteps {
        Path journal;
        String serviceKey = V1;
        int etag = 1;
        boolean loseCreateAnswer;
        boolean unhealthyOnNewKey;
        /** the checkpoint where the run dies, once */
        String dieAt;
        /** per deploy call, in order: null (goes through) or "unconfirmed" (Azure takes it, the answer is lost) */
        final List<String> deployFailures = new ArrayList<>();
        final List<String> created = new ArrayList<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        final Map<String, DeploymentFacts> deployments = new HashMap<>();
        final List<String> deploys = new ArrayList<>();
        final List<String> journalAtWrites = new ArrayList<>();
        Instant now = NOW;

        private static final class Lost extends RuntimeException {
            Lost() {
                super("connection reset");
            }
        }

        @Override
        public ServiceSnapshot service() {
            return new ServiceSnapshot(serviceKey, "e" + etag, "Succeeded");
        }

        @Override
        public KeyUrl keyUrl(String text) {
            return KeyUrl.parse(text, "vault.azure.net", "managedhsm.azure.net");
        }

        @Override
        public KeyFacts key(KeyUrl url) {
            List<KeyVersionFacts> versions = new ArrayList<>(List.of(new KeyVersionFacts("1".repeat(32), true,
                    NOW.minus(Duration.ofDays(100)), null, null)));
            created.forEach(c -> versions.add(new KeyVersionFacts(c.substring(KEY.length()), true, NOW, null, null)));
            return new KeyFacts(url, "RSA-HSM", 3072, null, List.of("wrapKey", "unwrapKey"), true, null, null,
                    NOW.minus(Duration.ofDays(100)), null, "Recoverable+Purgeable", Observed.known(versions),
                    Observed.unknown("not read"));
        }

        @Override
        public Report check(KeyUrl target) {
            return new Report(SERVICE, target.url(), now, List.of());
        }

        @Override
        public KeyUrl createVersionLike(KeyFacts like, String attempt) {
            wrote();
            String url = KEY + String.format("%032x", created.size() + 2);
            created.add(url);
            tags.put(url, attempt);
            if (loseCreateAnswer) {
                throw new Lost();
            }
            return keyUrl(url);
        }

        @Override
        public List<KeyUrl> versionsMadeBy(KeyUrl key, String attempt) {
            return tags.entrySet().stream().filter(e -> e.getValue().equals(attempt)).map(e -> keyUrl(e.getKey())).toList();
        }

        @Override
        public boolean unconfirmed(RuntimeException failure) {
            return failure instanceof Lost;
        }

        @Override
        public List<DeployedKey> deployedKeys() {
            return List.of();
        }

        @Override
        public String deploymentName(KeyUrl target) {
            return "dep-" + target.version();
        }

        @Override
        public List<String> whatIf(KeyUrl target) {
            return List.of();
        }

        @Override
        public ServiceSnapshot deploy(KeyUrl target) {
            wrote();
            deploys.add(target.url());
            serviceKey = target.url();
            etag++;
            deployments.put(deploymentName(target), new DeploymentFacts(deploymentName(target), "Succeeded", now, null));
            String failure = deployFailures.isEmpty() ? null : deployFailures.remove(0);
            if ("unconfirmed".equals(failure)) {
                throw DeploymentStillRunning.unconfirmed("its answer was lost: NetworkError", new Lost());
            }
            return service();
        }

        @Override
        public DeploymentFacts deployment(String name) {
            return deployments.get(name);
        }

        @Override
        public Observation observe() {
            boolean broken = unhealthyOnNewKey && !V1.equals(serviceKey);
            return new Observation(!broken, broken ? "Resource Health Unavailable" : "Resource Health Available");
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            now = now.plus(d);
        }

        @Override
        public void confirm(String question) {
        }

        @Override
        public void progress(String status) {
        }

        @Override
        public void checkpoint(String step) {
            if (step.equals(dieAt)) {
                dieAt = null;
                throw new Died(step);
            }
        }

        @Override
        public String operator() {
            return "oid";
        }

        @Override
        public String describe(RuntimeException failure) {
            return failure.getMessage();
        }

        /** A write is about to happen: the journal's last line must be its intent. */
        private void wrote() {
            try {
                List<String> all = Files.readAllLines(journal);
                JsonNode last = JSON.readTree(all.get(all.size() - 1));
                journalAtWrites.add(last.path("action").asText() + ":" + last.path("outcome").asText());
            } catch (Exception e) {
                throw new AssertionError("no journal before a write", e);
            }
        }
    }
}
