package dev.dicomcmk.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.model.DeploymentFacts;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyFacts.KeyVersionFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A service, a key and ARM's deployments in memory; writes check the journal's last line first. */
final class FakeRotationWorld implements RotationSteps {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final String SERVICE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"
            + "/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom";
    static final String KEY = "https://demo-kv.vault.azure.net/keys/k/";
    static final String V1 = KEY + "1".repeat(32);

    Path journal;
    String serviceKey = V1;
    int etag = 1;
    boolean loseCreateAnswer;
    boolean unhealthyOnNewKey;
    /** the service has no customer-managed key */
    boolean noKey;
    /** the check of these key URLs finds IDENTITY-KEY-ACCESS failing */
    Predicate<String> failsCheck = url -> false;
    /** runs when the apply reaches before-deploy (someone changes the service, the run is killed) */
    Runnable beforeDeploy = () -> { };
    /** an earlier attempt's deployment has still not ended when this run looks */
    boolean deploymentRunning;
    boolean historyUnreadable;
    /** Key Vault refuses to make the version (a failure proven, not a lost answer) */
    RuntimeException createError;
    /**
     * per deploy call, in order: null (goes through), "unconfirmed" (Azure takes it, the answer is lost),
     * "failed" (refused, nothing switched) or "failed-after-switch" (the service took the key, then it failed)
     */
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
        return new ServiceSnapshot(noKey ? null : serviceKey, "e" + etag, "Succeeded");
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
        return new Report(SERVICE, target.url(), now, failsCheck.test(target.url())
                ? List.of(Finding.fail(Requirement.IDENTITY_KEY_ACCESS, "the identity cannot wrap with it", "grant it"))
                : List.of());
    }

    @Override
    public KeyUrl createVersionLike(KeyFacts like, String attempt) {
        wrote();
        if (createError != null) {
            throw createError;
        }
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
        if (historyUnreadable) {
            throw new IllegalStateException("the deployment history is unreadable");
        }
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
        String failure = deployFailures.isEmpty() ? null : deployFailures.remove(0);
        if ("failed".equals(failure)) {
            deployments.put(deploymentName(target), new DeploymentFacts(deploymentName(target), "Failed", now, "Conflict"));
            throw new IllegalStateException("deployment failed: Conflict");
        }
        serviceKey = target.url();
        etag++;
        deployments.put(deploymentName(target), new DeploymentFacts(deploymentName(target), "Succeeded", now, null));
        if ("failed-after-switch".equals(failure)) {
            throw new IllegalStateException("verification failed: InternalServerError");
        }
        if ("unconfirmed".equals(failure)) {
            throw DeploymentStillRunning.unconfirmed("its answer was lost: NetworkError", new Lost());
        }
        return service();
    }

    @Override
    public DeploymentFacts deployment(String name) {
        if (deploymentRunning) {
            throw new DeploymentStillRunning("Running", Duration.ofSeconds(3), null);
        }
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
        if ("before-deploy".equals(step)) {
            beforeDeploy.run();
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
