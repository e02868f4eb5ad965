package dev.dicomcmk.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.DeploymentFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.dicomcmk.rotation.FakeRotationWorld.JSON;
import static dev.dicomcmk.rotation.FakeRotationWorld.KEY;
import static dev.dicomcmk.rotation.FakeRotationWorld.NOW;
import static dev.dicomcmk.rotation.FakeRotationWorld.SERVICE;
import static dev.dicomcmk.rotation.FakeRotationWorld.V1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rotation's branches beside the write-ahead ones RotationStateMachineTest covers, over a fake world:
 * the lock (held, taken over), dry runs (an open attempt included), refusals (no key, a key the identity
 * cannot use, a new version that fails its own check), not due, up to date, --to-latest, a conflict, a
 * deployment refused or failing after the switch, --no-rollback, a rollback that fails or does not take,
 * a deployment still running, a run killed before its switch (and a same-named deployment older than it), an orphaned tagged version, a version Key
 * Vault refused, an unreadable deployment history.
 */
class RotationBranchesTest {

    @TempDir
    Path dir;

    private static final String V2 = KEY + "2".repeat(32);
    private static final String V3 = KEY + "3".repeat(32);

    @Test
    void aRunWhileAnotherHoldsTheLockIsLockedAndTouchesNothing() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        try (RunLock held = RunLock.acquire(dir.resolve("lock"), 4242, NOW)) {
            RotationResult r = run(world, RotationMode.NEW_VERSION);
            assertEquals(Outcome.LOCKED, r.outcome(), r.message());
            assertTrue(r.message().contains("another rotate-key run holds the lock"), r.message());
        }
        assertTrue(world.created.isEmpty());
        assertTrue(world.deploys.isEmpty());
        assertFalse(Files.exists(journalFile()), "a locked run writes no journal line");
    }

    @Test
    void aLockLeftByAKilledRunIsTakenOverAndThatIsJournaled() throws Exception {
        Files.writeString(dir.resolve("lock"), new LockHolder(999_999_999L, NOW.minus(Duration.ofHours(1))).line());
        FakeRotationWorld world = new FakeRotationWorld();
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.SUCCEEDED, r.outcome(), r.message());
        JsonNode first = lines().get(0);
        assertEquals("lock-taken-over", first.path("outcome").asText());
        assertTrue(first.path("plan").asText().contains("999999999"), first.toString());
    }

    @Test
    void aDryRunChangesNothingAndShowsTheNewVersionAsThePlaceholder() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        RotationResult r = run(world, request(RotationMode.NEW_VERSION, null, null, true, true));
        assertEquals(Outcome.DRY_RUN, r.outcome(), r.message());
        assertTrue(world.created.isEmpty());
        assertTrue(world.deploys.isEmpty());
        assertEquals("dep-" + Rotation.PLACEHOLDER_VERSION, r.deployment());
        assertEquals(List.of("dry-run"), outcomes());
    }

    @Test
    void aDryRunWithAnAttemptStillOpenSaysSoAndFinishesNothing() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        world.loseCreateAnswer = true;
        assertEquals(Outcome.PENDING, run(world, RotationMode.NEW_VERSION).outcome());
        List<String> before = outcomes();
        world.loseCreateAnswer = false;

        RotationResult r = run(world, request(RotationMode.NEW_VERSION, null, null, true, true));
        assertEquals(Outcome.DRY_RUN, r.outcome(), r.message());
        assertTrue(r.message().contains("is still open: a real run first finishes it"), r.message());
        assertEquals(1, world.created.size(), "no version made");
        assertEquals(V1, world.serviceKey);
        List<String> after = outcomes();
        assertEquals(before, after.subList(0, before.size()), "the open attempt is not ended by a dry run");
        assertEquals(List.of("dry-run"), after.subList(before.size(), after.size()));
    }

    @Test
    void aServiceWithoutACustomerManagedKeyIsRefused() {
        FakeRotationWorld world = new FakeRotationWorld();
        world.noKey = true;
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.REFUSED, r.outcome(), r.message());
        assertTrue(r.message().contains("no customer-managed key"), r.message());
        assertTrue(world.created.isEmpty());
    }

    @Test
    void aVersionYoungerThanIfOlderThanIsNotDue() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        RotationResult r = run(world, request(RotationMode.NEW_VERSION, null, Duration.ofDays(365), false, true));
        assertEquals(Outcome.NOT_DUE, r.outcome(), r.message());
        assertTrue(world.created.isEmpty());
        assertEquals(List.of("not-due"), outcomes());

        RotationResult due = run(world, request(RotationMode.NEW_VERSION, null, Duration.ofDays(90), false, true));
        assertEquals(Outcome.SUCCEEDED, due.outcome(), due.message());
    }

    @Test
    void theKeyTheServiceAlreadyUsesIsUpToDate() {
        FakeRotationWorld world = new FakeRotationWorld();
        RotationResult r = run(world, request(RotationMode.KEY_URL, V1, null, false, true));
        assertEquals(Outcome.UP_TO_DATE, r.outcome(), r.message());
        assertTrue(world.deploys.isEmpty());
    }

    @Test
    void toLatestSwitchesToTheNewestEnabledVersionAndIsThenUpToDate() {
        FakeRotationWorld world = new FakeRotationWorld();
        world.created.add(V2); // a version Key Vault's rotation policy made: listed with the key, untagged
        RotationResult r = run(world, RotationMode.TO_LATEST);
        assertEquals(Outcome.SUCCEEDED, r.outcome(), r.message());
        assertEquals(V2, world.serviceKey);
        assertEquals(List.of(V2), world.deploys);
        assertEquals(Outcome.UP_TO_DATE, run(world, RotationMode.TO_LATEST).outcome());
    }

    @Test
    void aKeyTheIdentityCannotUseIsRefusedBeforeAnyVersionIsMade() {
        FakeRotationWorld world = new FakeRotationWorld();
        world.failsCheck = url -> true;
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.REFUSED, r.outcome(), r.message());
        assertTrue(r.message().contains("enable-identity"), r.message());
        assertTrue(world.created.isEmpty());
        assertTrue(world.deploys.isEmpty());
    }

    @Test
    void aNewVersionThatFailsItsOwnCheckStaysUnusedAndTheAttemptEndsRefused() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        world.failsCheck = url -> !url.equals(V1);
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.REFUSED, r.outcome(), r.message());
        assertTrue(r.message().contains("the new version stays, enabled and unused"), r.message());
        assertEquals(1, world.created.size());
        assertEquals(V1, world.serviceKey);
        List<String> o = outcomes();
        assertTrue(o.get(o.size() - 1).startsWith("refused: " + world.created.get(0)), o.toString());
    }

    @Test
    void aServiceChangedBetweenThePlanAndTheDeploymentIsAConflict() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        world.beforeDeploy = () -> world.etag++;
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.CONFLICT, r.outcome(), r.message());
        assertTrue(world.deploys.isEmpty());
        List<String> o = outcomes();
        assertTrue(o.get(o.size() - 1).startsWith("failed: conflict: its etag changed"), o.toString());
    }

    @Test
    void aRefusedDeploymentFailsAndTheServiceKeepsItsKey() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        world.deployFailures.add("failed");
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.FAILED, r.outcome(), r.message());
        assertTrue(r.message().contains("the service still reports " + V1), r.message());
        assertEquals(V1, world.serviceKey);
        List<String> o = outcomes();
        assertEquals("failed: deployment failed: Conflict", o.get(o.size() - 1));
    }

    @Test
    void aDeploymentThatFailsAfterTheServiceTookTheKeyIsRolledBack() {
        FakeRotationWorld world = new FakeRotationWorld();
        world.deployFailures.add("failed-after-switch");
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.ROLLED_BACK, r.outcome(), r.message());
        assertEquals(V1, world.serviceKey);
        assertEquals(V1, world.deploys.get(world.deploys.size() - 1));
    }

    @Test
    void noRollbackLeavesAnUnhealthyServiceOnTheNewKeyAndSaysHowToSwitchBack() {
        FakeRotationWorld world = new FakeRotationWorld();
        world.unhealthyOnNewKey = true;
        RotationResult r = run(world, request(RotationMode.NEW_VERSION, null, null, false, false));
        assertEquals(Outcome.FAILED, r.outcome(), r.message());
        assertEquals(world.created.get(0), world.serviceKey);
        assertTrue(r.message().contains("--key-url " + V1), r.message());
        assertEquals(1, world.deploys.size());
    }

    @Test
    void aRollbackThatFailsTooEndsFailedAndPointsAtDiagnose() {
        FakeRotationWorld world = new FakeRotationWorld();
        world.unhealthyOnNewKey = true;
        world.deployFailures.add(null);
        world.deployFailures.add("failed");
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.FAILED, r.outcome(), r.message());
        assertTrue(r.message().contains("failed too") && r.message().contains("diagnose"), r.message());
        assertEquals(world.created.get(0), world.serviceKey);
    }

    @Test
    void aRollbackThatDidNotTakeIsFinishedFailedByTheNextRun() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        world.unhealthyOnNewKey = true;
        world.deployFailures.add(null);
        world.deployFailures.add("unconfirmed");
        assertEquals(Outcome.PENDING, run(world, RotationMode.NEW_VERSION).outcome());
        world.serviceKey = world.created.get(0); // Azure did not switch back after all

        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.FAILED, r.outcome(), r.message());
        assertTrue(r.message().contains("did not take"), r.message());
        List<String> o = outcomes();
        assertTrue(o.get(o.size() - 1).startsWith("failed: the rollback did not take"), o.toString());
    }

    @Test
    void anAttemptWhoseDeploymentStillRunsStaysPendingUntilItEnds() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        world.deployFailures.add("unconfirmed");
        assertEquals(Outcome.PENDING, run(world, RotationMode.NEW_VERSION).outcome());
        world.deploymentRunning = true;
        RotationResult still = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.PENDING, still.outcome(), still.message());
        assertTrue(still.message().contains("still Running after 3s"), still.message());

        world.deploymentRunning = false;
        RotationResult done = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.RESUMED, done.outcome(), done.message());
        assertEquals(1, world.created.size());
    }

    @Test
    void aRunKilledBeforeItsSwitchIsStartedOverWithTheVersionItMade() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        world.beforeDeploy = () -> {
            throw new IllegalStateException("killed");
        };
        assertThrows(IllegalStateException.class, () -> run(world, RotationMode.NEW_VERSION));
        assertEquals(V1, world.serviceKey);
        String made = world.created.get(0);
        world.beforeDeploy = () -> { };

        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.SUCCEEDED, r.outcome(), r.message());
        assertEquals(1, world.created.size(), "the version the killed run made is used, not another");
        assertEquals(made, world.serviceKey);
        assertTrue(lines().get(2).path("outcome").asText().startsWith("failed: interrupted before the switch"),
                lines().toString());
    }

    @Test
    void aDeploymentOfTheSameNameFromBeforeTheAttemptIsNotTakenForItsOwn() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        world.beforeDeploy = () -> {
            throw new IllegalStateException("killed");
        };
        assertThrows(IllegalStateException.class, () -> run(world, RotationMode.NEW_VERSION));
        String name = world.deploymentName(world.keyUrl(world.created.get(0)));
        // the same switch deployed a day earlier (the name follows the content): it says nothing of this attempt
        world.deployments.put(name, new DeploymentFacts(name, "Succeeded", NOW.minus(Duration.ofDays(1)), null));
        world.beforeDeploy = () -> { };

        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.SUCCEEDED, r.outcome(), r.message());
        assertTrue(lines().get(2).path("outcome").asText().contains("deployment " + name + " is not this attempt's"),
                lines().toString());
    }

    @Test
    void aTaggedVersionIsLeftUnusedWhenTheServiceMovedOnMeanwhile() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        world.loseCreateAnswer = true;
        assertEquals(Outcome.PENDING, run(world, RotationMode.NEW_VERSION).outcome());
        String orphan = world.created.get(0);
        world.loseCreateAnswer = false;
        world.serviceKey = V3; // someone switched the service to another version in between

        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.SUCCEEDED, r.outcome(), r.message());
        assertTrue(r.message().contains(orphan + " (made by an interrupted attempt"), r.message());
        assertTrue(r.message().contains("stays enabled and unused"), r.message());
        assertEquals(2, world.created.size(), "a version of its own for the key the service is on now");
        assertTrue(lines().get(2).path("outcome").asText().contains("not switched to: the service now reports " + V3),
                lines().toString());
    }

    @Test
    void aVersionKeyVaultProvablyRefusedEndsTheAttemptFailed() throws Exception {
        FakeRotationWorld world = new FakeRotationWorld();
        IllegalStateException refused = new IllegalStateException("Forbidden: no create permission");
        world.createError = refused;
        assertSame(refused, assertThrows(IllegalStateException.class, () -> run(world, RotationMode.NEW_VERSION)));
        assertEquals(List.of("started", "failed: Forbidden: no create permission"), outcomes());
    }

    @Test
    void anUnreadableDeploymentHistoryIsSaidAndTheKeepListStillHasTheJournalsKeys() {
        FakeRotationWorld world = new FakeRotationWorld();
        world.historyUnreadable = true;
        RotationResult r = run(world, RotationMode.NEW_VERSION);
        assertEquals(Outcome.SUCCEEDED, r.outcome(), r.message());
        assertTrue(r.message().contains("the deployment history could not be read"), r.message());
        assertTrue(r.keepEnabled().stream().anyMatch(k -> k.keyUrl().equals(V1)), r.keepEnabled().toString());
    }

    private RotationRequest request(RotationMode mode, String keyUrl, Duration ifOlderThan, boolean dryRun, boolean rollback) {
        return new RotationRequest(SERVICE, "demo-ws/demo-dicom", mode, keyUrl, ifOlderThan, dryRun, Duration.ofSeconds(2),
                rollback);
    }

    private RotationResult run(FakeRotationWorld world, RotationRequest request) {
        world.journal = journalFile();
        return new Rotation(request, world, new Journal(journalFile()), dir.resolve("lock"), ProcessHandle.current().pid()).run();
    }

    private RotationResult run(FakeRotationWorld world, RotationMode mode) {
        return run(world, request(mode, null, null, false, true));
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
}
