package dev.dicomcmk.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.access.OperatorNeed;
import dev.dicomcmk.model.DeploymentFacts;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.rotation.Journal;
import dev.dicomcmk.rotation.JournalEntry;
import dev.dicomcmk.template.RenderedTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * update-via-arm --deploy's use case over a fake port: a key version that cannot be used is never deployed,
 * --force deploys past failing requirements only, an unchanged service that works is left in place (one that
 * does not is redeployed), the deployment is journaled before it is sent, and an earlier run's open deployment
 * is ended from how ARM says it ended.
 */
class UpdateViaArmUseCaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final ServiceId SERVICE = ServiceId.parse("/subscriptions/00000000-0000-0000-0000-000000000001/"
            + "resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom", null, null);
    private static final String OLD = "https://demo-kv.vault.azure.net/keys/k/" + "1".repeat(32);
    private static final String NEW = "https://demo-kv.vault.azure.net/keys/k/" + "2".repeat(32);

    @TempDir
    Path dir;

    @Test
    void aKeyVersionThatDoesNotExistIsNeverDeployedNotEvenWithForce() throws Exception {
        Fake azure = new Fake();
        azure.keyNotFound = true;
        UpdateViaArm.Outcome o = deploy(azure, true);
        UpdateViaArm.RefusedKey refused = assertInstanceOf(UpdateViaArm.RefusedKey.class, o);
        assertEquals(DeploymentCheck.Unusable.NOT_FOUND, refused.refusal().kind());
        assertTrue(azure.deployed.isEmpty());
        assertTrue(journalLines().isEmpty(), journalLines().toString());
    }

    @Test
    void aFailingRequirementRefusesWithoutForceAndIsNamedAndJournaledWithIt() throws Exception {
        Fake azure = new Fake();
        azure.failing = Requirement.KEY_ENABLED;
        assertInstanceOf(UpdateViaArm.Refused.class, deploy(azure, false));
        assertTrue(azure.deployed.isEmpty());

        UpdateViaArm.Deployed d = assertInstanceOf(UpdateViaArm.Deployed.class, deploy(azure, true));
        assertEquals(List.of(Requirement.KEY_ENABLED.id()), d.overridden());
        assertEquals(1, azure.overridingTold);
        assertEquals(List.of("deploy:started"), azure.journalAtDeploy);
        assertEquals(List.of("deploy:started", "deploy:succeeded"), journalLines());
        String plan = JSON.readTree(Files.readAllLines(dir.resolve("journal.jsonl")).get(0)).path("plan").asText();
        assertTrue(plan.contains("--force overrides " + Requirement.KEY_ENABLED.id()), plan);
    }

    @Test
    void anUnchangedServiceThatWorksIsLeftInPlaceAndOneThatDoesNotIsRedeployed() {
        Fake azure = new Fake();
        azure.whatIfChanges = false;
        assertInstanceOf(UpdateViaArm.InPlace.class, deploy(azure, false));
        assertEquals(0, azure.asked);

        azure.unavailable = true; // an outage past 30 minutes needs the key re-validated: the same deployment again
        assertInstanceOf(UpdateViaArm.Deployed.class, deploy(azure, false));
        assertEquals(1, azure.asked);
        assertEquals(1, azure.deployed.size());
    }

    @Test
    void anEarlierRunsOpenDeploymentIsEndedAsArmSaysItEnded() throws Exception {
        Fake azure = new Fake();
        Journal journal = new Journal(dir.resolve("journal.jsonl"));
        journal.append(new JournalEntry(NOW.toString(), "earlier", "oid", SERVICE.armId(), OLD, NEW, "deploy it",
                JournalEntry.STARTED, "dep-earlier", JournalEntry.UPDATE_VIA_ARM, "deploy"));
        azure.earlier = new DeploymentFacts("dep-earlier", "Running", NOW, null);
        azure.failing = Requirement.KEY_ENABLED;
        deploy(azure, false);
        assertEquals(List.of("deploy:started"), journalLines(), "still running: it stays open");

        azure.earlier = new DeploymentFacts("dep-earlier", "Failed", NOW, "Conflict");
        deploy(azure, false);
        assertEquals(List.of("deploy:started", "deploy:failed: deployment dep-earlier ended Failed (Conflict)"),
                journalLines());
    }

    private UpdateViaArm.Outcome deploy(Fake azure, boolean force) {
        azure.journal = dir.resolve("journal.jsonl");
        JsonNode current = JSON.createObjectNode().set("properties", JSON.createObjectNode().set("encryption",
                JSON.createObjectNode().set("customerManagedKeyEncryption",
                        JSON.createObjectNode().put("keyEncryptionKeyUrl", OLD))));
        RenderedTemplate rendered = new RenderedTemplate("{}", "{}", JSON.createObjectNode(), JSON.createObjectNode());
        return new UpdateViaArm(azure, azure).deploy(new UpdateViaArm.Request(SERVICE, current, rendered,
                KeyUrl.parse(NEW, "vault.azure.net", "managedhsm.azure.net"), force, "dicom-cmk update-via-arm"),
                () -> new Journal(dir.resolve("journal.jsonl")), (shown, question) -> azure.asked++);
    }

    private List<String> journalLines() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        List<String> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(line);
            out.add(n.path("action").asText() + ":" + n.path("outcome").asText());
        }
        return out;
    }

    /** ARM's answers in memory: the check's verdict, what-if, Resource Health, an earlier deployment. */
    private static final class Fake implements DeployPort, UpdateViaArm.Listener {
        Path journal;
        boolean keyNotFound;
        Requirement failing;
        boolean whatIfChanges = true;
        boolean unavailable;
        DeploymentFacts earlier;
        int asked;
        int overridingTold;
        final List<String> deployed = new ArrayList<>();
        final List<String> journalAtDeploy = new ArrayList<>();

        @Override
        public JsonNode service(ServiceId id) {
            throw new AssertionError("the use case is given the service");
        }

        @Override
        public JsonNode whatIf(ServiceId id, RenderedTemplate rendered, Consumer<String> progress) {
            return JSON.createObjectNode().set("changes", JSON.createArrayNode().add(JSON.createObjectNode()
                    .put("resourceId", id.armId()).put("changeType", whatIfChanges ? "Modify" : "NoChange")));
        }

        @Override
        public String deploymentName(ServiceId id, RenderedTemplate rendered) {
            return "dep-now";
        }

        @Override
        public DeploymentCheck.Checked check(ServiceId id, JsonNode current, RenderedTemplate rendered) {
            KeyUrl key = KeyUrl.parse(NEW, "vault.azure.net", "managedhsm.azure.net");
            Observed<KeyFacts> read = keyNotFound ? Observed.unknown("key version " + key.version() + " not found")
                    : Observed.known(new KeyFacts(key, "RSA-HSM", 3072, null, List.of("wrapKey", "unwrapKey"), true, null,
                    null, NOW, null, "Recoverable", Observed.unknown("not read"), Observed.unknown("not read")));
            CmkFacts facts = new CmkFacts(NOW, Observed.known(NEW), Observed.known(key), read, keyNotFound,
                    Observed.unknown("not read"), Observed.unknown("not read"), Observed.unknown("not read"),
                    Observed.unknown("not read"), Observed.unknown("not read"));
            List<Finding> findings = failing == null ? List.of() : List.of(Finding.fail(failing, "it fails", "fix it"));
            return new DeploymentCheck.Checked(new Report(id.armId(), NEW, NOW, findings), facts);
        }

        @Override
        public Deployed deploy(ServiceId id, RenderedTemplate rendered, Consumer<String> progress) {
            try {
                List<String> all = Files.readAllLines(journal);
                JsonNode last = JSON.readTree(all.get(all.size() - 1));
                journalAtDeploy.add(last.path("action").asText() + ":" + last.path("outcome").asText());
            } catch (Exception e) {
                throw new AssertionError("no journal line before the deployment", e);
            }
            deployed.add("dep-now");
            return new Deployed("dep-now", JSON.createObjectNode());
        }

        @Override
        public DeploymentFacts deploymentEnd(ServiceId id, String name, Consumer<String> progress) {
            return name.equals("dep-earlier") ? earlier : null;
        }

        @Override
        public CmkFacts facts(ServiceId id) {
            // the service's current key as it stores it; what else the checker judges is unknown (SKIP, not FAIL)
            return new CmkFacts(NOW, Observed.known(OLD), Observed.known(KeyUrl.parse(OLD, "vault.azure.net",
                    "managedhsm.azure.net")), Observed.unknown("not read"), false, Observed.unknown("not read"), Observed.unknown("not read"),
                    Observed.unknown("not read"), Observed.unknown("not read"), Observed.unknown("not read"));
        }

        @Override
        public boolean reportedUnavailable(ServiceId id) {
            return unavailable;
        }

        @Override
        public void requirePermissions(String command, List<OperatorNeed> needs, Consumer<String> note) {
        }

        @Override
        public void previewPermissions(String what, List<OperatorNeed> needs, Consumer<String> note) {
        }

        @Override
        public String operator() {
            return "operator-oid";
        }

        @Override
        public Instant now() {
            return NOW;
        }

        @Override
        public void progress(String status) {
        }

        @Override
        public void overriding(Report check) {
            overridingTold++;
        }
    }
}
