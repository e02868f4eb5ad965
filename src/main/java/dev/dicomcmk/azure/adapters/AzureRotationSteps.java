package dev.dicomcmk.azure.adapters;

import dev.dicomcmk.app.RotationPort;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.access.OperatorNeeds;
import dev.dicomcmk.azure.AzureFailure;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomApiProbe;
import dev.dicomcmk.azure.DicomServiceLister;
import dev.dicomcmk.azure.DicomServiceReader;
import dev.dicomcmk.azure.DicomServiceWriter;
import dev.dicomcmk.azure.FactsCollector;
import dev.dicomcmk.azure.KeyReader;
import dev.dicomcmk.azure.KeyVersionWriter;
import dev.dicomcmk.azure.OperationStillRunning;
import dev.dicomcmk.azure.ResourceHealthReader;
import dev.dicomcmk.azure.ServiceDeployment;
import dev.dicomcmk.model.DeploymentFacts;
import dev.dicomcmk.model.HealthFacts;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ProbeResult;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.rotation.DeployedKey;
import dev.dicomcmk.rotation.DeploymentStillRunning;
import dev.dicomcmk.rotation.Observation;
import dev.dicomcmk.rotation.RotationSteps;
import dev.dicomcmk.rotation.ServiceSnapshot;
import dev.dicomcmk.template.ServiceTemplates;
import dev.dicomcmk.template.WhatIfChanges;
import dev.dicomcmk.template.DesiredState;
import dev.dicomcmk.template.RenderedTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The rotation's steps over Azure for one service, made of the pieces update-via-arm uses: the
 * shared renderer (every other property preserved), the check as deployed, ServiceDeployment's
 * deterministic Incremental deployment with its verification, and Resource Health.
 */
public final class AzureRotationSteps implements RotationSteps {

    private final AzureSession session;
    private final ServiceId id;
    private final DicomApiProbe probe;
    private final Supplier<String> operator;
    private final Consumer<String> confirm;
    private final Consumer<String> progress;
    private Consumer<String> waiting = status -> { };
    private OperatorPermissionGate permissions;
    private boolean newVersion;
    private String instead;
    private boolean permissionsChecked;
    /** The service as last read: what a switch is rendered from, so it carries the latest properties. */
    private JsonNode current;
    /** The service as a fleet's listing had it, standing in for the first read; null: read it. */
    private JsonNode listed;
    /** The fleet's dry run's one collector (each vault and tenant read once), or null: a collector per check. */
    private final FactsCollector facts;
    /** A fleet dry run's what-ifs, asked per resource group; null: this service asks its own. */
    private FleetWhatIfs fleetWhatIfs;
    private java.util.Map<String, String> vaultIds = java.util.Map.of();
    /** A read of a key started by {@link #prefetch}, taken by the next {@link #key} of that key; else null. */
    private Prefetched<KeyFacts> keyRead;
    /** A check started by {@link #prefetch}, taken by the next {@link #check} of that key; else null. */
    private Prefetched<Report> early;
    /** A what-if started by {@link #prefetch}, taken by the next {@link #whatIf} of that key; else null. */
    private Prefetched<List<String>> preview;

    private record Prefetched<T>(String url, CompletableFuture<T> value) {
    }

    /**
     * @param listed the whole service as the fleet's listing answered it, or null; a dry run's plan takes it
     *               instead of a read of its own (a run that changes something reads the service itself,
     *               under the lock)
     * @param facts  a collector shared by a fleet's dry run, or null; a run that changes something checks each
     *               service against its vault as it is then
     */
    public AzureRotationSteps(AzureSession session, ServiceId id, JsonNode listed, FactsCollector facts, DicomApiProbe probe,
                       Supplier<String> operator, Consumer<String> confirm, Consumer<String> progress) {
        this.session = session;
        this.id = id;
        this.listed = listed;
        this.facts = facts;
        this.probe = probe;
        this.operator = operator;
        this.confirm = confirm;
        this.progress = progress;
    }

    /**
     * Checks the operator's permissions (the service, its resource group's deployments and, for a new
     * version, the key) before the first write or a dry run's preview; refuses with exit 4 when one is
     * provably missing. Without it (tests of the steps alone) no check is made.
     */
    public AzureRotationSteps withPermissionCheck(OperatorPermissionGate gate, boolean newVersion, String instead) {
        this.permissions = gate;
        this.newVersion = newVersion;
        this.instead = instead;
        return this;
    }

    /** Once per service: what a refusal or a "could not verify" says is the same every time. */
    private void checkPermissions() {
        if (permissions == null || permissionsChecked) {
            return;
        }
        KeyUrl key = keyUrl(DicomServiceReader.parse(id, current()).keyUrl());
        VaultFacts vault = null;
        if (newVersion) {
            // a fleet's dry run shares its collector: each vault is looked up once, for the checks and this alike
            var found = (facts != null ? facts : new FactsCollector(session, vaultIds)).vault(key, id.subscriptionId(), id.resourceGroup());
            vault = found.isKnown() ? found.value() : null; // unknown: the check says it could not verify the key's permission
        }
        permissions.require("rotate-key", OperatorNeeds.forRotation(id.armId(), newVersion, key, vault, instead),
                progress::accept);
        permissionsChecked = true;
    }

    /** Takes a what-if from the fleet's what-if of this service's resource group, when it has one for the target. */
    /** Where the --verify-for countdown goes (a single rotation's status line; a fleet's counter has the line). */
    public AzureRotationSteps withWaiting(Consumer<String> waiting) {
        this.waiting = waiting;
        return this;
    }

    /**
     * Vaults a fleet found beforehand wherever they are ({@link dev.dicomcmk.azure.FleetDiscovery#vaults}): a run that
     * changes something reads its service's vault by that id (afresh, in its own collector) instead of looking for it
     * in the service's subscription.
     */
    public AzureRotationSteps withVaults(java.util.Map<String, String> located) {
        this.vaultIds = located;
        return this;
    }

    public AzureRotationSteps withFleetWhatIfs(FleetWhatIfs whatIfs) {
        this.fleetWhatIfs = whatIfs;
        return this;
    }

    @Override
    public ServiceSnapshot service() {
        current = listed != null ? listed : new DicomServiceWriter(session.arm()).read(id);
        listed = null; // the listing stands in for the first read only: every later one asks ARM
        return snapshot(DicomServiceReader.parse(id, current));
    }

    /**
     * Every service with a customer-managed key in the subscription (or resource group), from the listing
     * validate-key --all uses: one list per workspace, whole resources, no read per service.
     *
     * @param keepResources keep each listed resource for the plan (dry runs: nothing is changed from it)
     */
    public static List<RotationPort.Listed> fleet(AzureSession session, String subscription, String resourceGroup, boolean keepResources) {
        return new DicomServiceLister(session.arm(), session.executor()).list(subscription, resourceGroup, (sid, body) -> {
            String key = DicomServiceReader.parse(sid, body).keyUrl();
            return key == null || key.isBlank() ? null : new RotationPort.Listed(sid, keepResources ? body : null);
        });
    }

    private static ServiceSnapshot snapshot(ServiceFacts s) {
        return new ServiceSnapshot(s.keyUrl(), s.etag(), s.provisioningState());
    }

    @Override
    public KeyUrl keyUrl(String text) {
        return KeyUrl.parse(text, session.cloud().keyVaultDnsSuffix(), session.cloud().managedHsmDnsSuffix());
    }

    @Override
    public KeyFacts key(KeyUrl url) {
        Prefetched<KeyFacts> started = keyRead;
        keyRead = null;
        if (started != null && started.url().equals(url.url())) {
            return join(started.value());
        }
        return readKey(url);
    }

    /** A fleet's dry run reads each key once through its shared collector; a run that writes reads afresh. */
    private KeyFacts readKey(KeyUrl url) {
        return facts != null ? facts.key(url) : new KeyReader(session).read(url, session.executor());
    }

    @Override
    public Report check(KeyUrl target) {
        Prefetched<Report> started = early;
        early = null;
        if (started != null && started.url().equals(target.url())) {
            return join(started.value());
        }
        return check(target, null);
    }

    /** The key's read, the check and a dry run's what-if side by side; the check takes that read when it is of the same key. */
    @Override
    public void prefetch(KeyUrl currentKey, KeyUrl checkTarget, KeyUrl whatIfTarget) {
        current(); // the service is read here, before the check's thread renders from it
        ExecutorService ex = session.executor();
        CompletableFuture<KeyFacts> read = CompletableFuture.supplyAsync(
                () -> readKey(currentKey), ex);
        keyRead = new Prefetched<>(currentKey.url(), read);
        early = checkTarget == null ? null : new Prefetched<>(checkTarget.url(), CompletableFuture.supplyAsync(
                () -> check(checkTarget, checkTarget.url().equals(currentKey.url()) ? read : null), ex));
        preview = whatIfTarget == null ? null : new Prefetched<>(whatIfTarget.url(), whatIfStarted(whatIfTarget, ex));
    }

    private Report check(KeyUrl target, CompletableFuture<KeyFacts> keyRead) {
        JsonNode service = current();
        RenderedTemplate rendered = render(target);
        FactsCollector collector = facts != null ? facts : new FactsCollector(session, vaultIds);
        return AsDeployedCheck.asDeployed(session, collector, id, service, rendered, keyRead);
    }

    /** A prefetched answer, or its failure as the step itself would have thrown it. */
    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public KeyUrl createVersionLike(KeyFacts like, String attempt) {
        return new KeyVersionWriter(session).createVersionLike(like, java.util.Map.of(ATTEMPT_TAG, attempt));
    }

    @Override
    public List<KeyUrl> versionsMadeBy(KeyUrl key, String attempt) {
        return new KeyVersionWriter(session).versionsTagged(key, ATTEMPT_TAG, attempt);
    }

    @Override
    public boolean unconfirmed(RuntimeException failure) {
        return failure instanceof AzureFailure f && f.outcomeUnknown();
    }

    @Override
    public List<DeployedKey> deployedKeys() {
        return new ServiceDeployment(session).deployedKeys(id).stream()
                .map(d -> new DeployedKey(d.keyUrl(), d.deployment(), d.provisioningState(), d.timestamp())).toList();
    }

    @Override
    public String deploymentName(KeyUrl target) {
        return ServiceDeployment.deploymentName(id, render(target));
    }

    @Override
    public List<String> whatIf(KeyUrl target) {
        checkPermissions(); // a dry run's preview says whether the real run would be refused
        Prefetched<List<String>> started = preview;
        preview = null;
        if (started != null && started.url().equals(target.url())) {
            return join(started.value());
        }
        if (fleetWhatIfs == null || fleetWhatIfs.of(id, target) == null) {
            return whatIfNow(target); // no fleet what-if to wait for: ask ARM on this thread
        }
        return join(whatIfStarted(target, session.executor()));
    }

    /** The fleet's what-if of this switch, or (none, or its group's failed) this service's own. */
    private CompletableFuture<List<String>> whatIfStarted(KeyUrl target, ExecutorService ex) {
        CompletableFuture<List<String>> together = fleetWhatIfs == null ? null : fleetWhatIfs.of(id, target);
        if (together == null) {
            return CompletableFuture.supplyAsync(() -> whatIfNow(target), ex);
        }
        return together.handle((lines, groupFailed) -> groupFailed == null ? CompletableFuture.completedFuture(lines)
                : CompletableFuture.supplyAsync(() -> whatIfNow(target), ex)).thenCompose(f -> f);
    }

    private List<String> whatIfNow(KeyUrl target) {
        JsonNode result = new ServiceDeployment(session).whatIf(id, render(target), progress::accept);
        return WhatIfChanges.lines(WhatIfChanges.of(result));
    }

    @Override
    public ServiceSnapshot deploy(KeyUrl target) {
        checkPermissions();
        RenderedTemplate rendered = render(target);
        ServiceDeployment.Result r;
        try {
            r = new ServiceDeployment(session).deployAndVerify(id, rendered, progress::accept);
        } catch (AzureFailure f) {
            OperationStillRunning running = OperationStillRunning.in(f);
            if (running != null) {
                throw new DeploymentStillRunning(running.lastStatus(), running.waited(), f);
            }
            if (f.kind() == AzureFailure.Kind.TIMEOUT) {
                // no answer before --timeout: ARM may have taken the PUT, so how it ends is not known yet either
                throw DeploymentStillRunning.unanswered(session.timeout(), f);
            }
            if (f.outcomeUnknown()) {
                // the PUT or its polling lost its answer (a reset, a 5xx): ARM may have taken it and go on with it
                throw DeploymentStillRunning.unconfirmed("its answer was lost: " + (f.code() != null ? f.code() : "HTTP " + f.status()), f);
            }
            throw f;
        }
        current = r.service();
        return snapshot(DicomServiceReader.parse(id, current));
    }

    @Override
    public DeploymentFacts deployment(String name) {
        DeploymentFacts d = new ServiceDeployment(session).awaitEnd(id, name, progress::accept);
        if (d != null && d.running()) {
            throw new DeploymentStillRunning(d.provisioningState(), session.timeout(), null);
        }
        return d;
    }

    @Override
    public Observation observe() {
        HealthFacts h = new ResourceHealthReader(session.arm()).read(id);
        String detail = "Resource Health " + h.availabilityState() + (h.summary() == null ? "" : " (" + h.summary() + ")");
        if (h.unavailable()) {
            return new Observation(false, detail);
        }
        if (probe != null) {
            String url = DicomServiceReader.parse(id, current()).serviceUrl();
            ProbeResult p = probe.probe(url);
            if (p.serverError() || p.status() == 0) {
                return new Observation(false, detail + "; DICOM API " + p.detail());
            }
            detail += "; DICOM API answered " + p.status();
        }
        return new Observation(true, detail);
    }

    @Override
    public Instant now() {
        return session.clock().now();
    }

    @Override
    public void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AzureFailure(AzureFailure.Kind.FAILED, "watch " + id.shortName(), 0, null, "interrupted", e);
        }
    }

    @Override
    public void confirm(String question) {
        checkPermissions(); // before the first change: the new key version is made right after
        confirm.accept(question);
    }

    @Override
    public void progress(String status) {
        progress.accept(status);
    }

    @Override
    public void waiting(String status) {
        waiting.accept(status);
    }

    @Override
    public void checkpoint(String step) {
        // nothing to do against Azure: the point exists for fakes of this port (RotationTest holds or crashes a run there)
    }

    @Override
    public String operator() {
        return operator.get();
    }

    @Override
    public String describe(RuntimeException failure) {
        return describeFailure(failure);
    }

    public static String describeFailure(RuntimeException failure) {
        return failure instanceof AzureFailure f ? f.oneLine() : String.valueOf(failure.getMessage());
    }

    private JsonNode current() {
        if (current == null) {
            service();
        }
        return current;
    }

    private RenderedTemplate render(KeyUrl target) {
        return ServiceTemplates.render(current(), DesiredState.keyOnly(target.url()), session.toolVersion());
    }
}
