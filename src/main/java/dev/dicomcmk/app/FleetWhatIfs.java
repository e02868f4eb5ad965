package dev.dicomcmk.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomServiceReader;
import dev.dicomcmk.azure.ServiceDeployment;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.rotation.Rotation;
import dev.dicomcmk.template.DesiredState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * A fleet's `--new-version --dry-run` asks ARM one what-if per resource group (per {@link #CHUNK} services),
 * not one per service: each service's switch to the placeholder version, as its own dry run renders it, goes
 * in as a nested deployment ({@link ServiceDeployment#whatIfTogether}) and its changes come back by resource
 * id. ARM counts a what-if's POST as a write (200 in a bucket refilled at 10 a second per subscription,
 * region and principal), so 500 services cost a dozen writes and two round trips each instead of 500; the
 * services' own plans, key reads and checks run as before. A group whose what-if fails leaves its services
 * to ask ARM one by one, so each failure is told at the service it belongs to.
 */
public final class FleetWhatIfs {

    /** Services per what-if: a template holds at most 800 resources, and a failed group is retried one by one. */
    static final int CHUNK = 50;

    /** what-if lines by lower-case service id and target key URL */
    private final Map<String, CompletableFuture<List<String>>> lines = new ConcurrentHashMap<>();

    private FleetWhatIfs() {
    }

    /**
     * Starts the what-ifs (at most {@code parallel} at a time, on the session's threads) for every listed
     * service that has a key: the switch to a new version, shown as {@link Rotation#PLACEHOLDER_VERSION}.
     */
    public static FleetWhatIfs start(AzureSession session, List<AzureRotationSteps.Listed> services, int parallel,
                              Consumer<String> progress) {
        FleetWhatIfs batch = new FleetWhatIfs();
        Map<String, List<Planned>> byGroup = new LinkedHashMap<>();
        for (AzureRotationSteps.Listed s : services) {
            Planned p = planned(session, s);
            if (p != null) {
                byGroup.computeIfAbsent((s.id().subscriptionId() + "/" + s.id().resourceGroup()).toLowerCase(Locale.ROOT),
                        g -> new ArrayList<>()).add(p);
            }
        }
        Semaphore slots = new Semaphore(Math.max(1, parallel));
        for (List<Planned> group : byGroup.values()) {
            for (int from = 0; from < group.size(); from += CHUNK) {
                List<Planned> chunk = group.subList(from, Math.min(group.size(), from + CHUNK));
                Map<Planned, CompletableFuture<List<String>>> mine = new LinkedHashMap<>();
                for (Planned p : chunk) {
                    CompletableFuture<List<String>> f = new CompletableFuture<>();
                    mine.put(p, f);
                    batch.lines.put(key(p.id(), p.target()), f);
                }
                session.executor().execute(() -> batch.ask(session, mine, slots, progress));
            }
        }
        return batch;
    }

    /**
     * The what-if lines of this service's switch to this key, from its group's what-if, or null when this batch
     * has none for it (the service then asks ARM itself). A group's failure completes it exceptionally.
     */
    public CompletableFuture<List<String>> of(ServiceId id, KeyUrl target) {
        return lines.get(key(id, target));
    }

    private void ask(AzureSession session, Map<Planned, CompletableFuture<List<String>>> chunk, Semaphore slots,
                     Consumer<String> progress) {
        Planned first = chunk.keySet().iterator().next();
        try {
            slots.acquire();
            try {
                List<ServiceDeployment.ServiceTemplate> templates = chunk.keySet().stream()
                        .map(p -> new ServiceDeployment.ServiceTemplate(p.id(), ServiceTemplates.render(p.resource(),
                                DesiredState.keyOnly(p.target().url()), session.toolVersion()))).toList();
                JsonNode result = new ServiceDeployment(session).whatIfTogether(first.id().subscriptionId(),
                        first.id().resourceGroup(), templates, status -> progress.accept("what-if of " + chunk.size()
                                + " services in " + first.id().resourceGroup() + ": " + status));
                List<WhatIfChanges.Change> changes = WhatIfChanges.of(result);
                chunk.forEach((p, f) -> f.complete(WhatIfChanges.lines(changes.stream()
                        .filter(c -> c.resourceId().equalsIgnoreCase(p.id().armId())).toList())));
            } finally {
                slots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            chunk.values().forEach(f -> f.completeExceptionally(e));
        } catch (RuntimeException e) {
            chunk.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /** The service's switch its dry run will preview, or null when it has no key to rotate. */
    private static Planned planned(AzureSession session, AzureRotationSteps.Listed s) {
        if (s.resource() == null) {
            return null;
        }
        String key = DicomServiceReader.parse(s.id(), s.resource()).keyUrl();
        if (key == null || key.isBlank()) {
            return null;
        }
        try {
            KeyUrl current = KeyUrl.parse(key, session.cloud().keyVaultDnsSuffix(), session.cloud().managedHsmDnsSuffix());
            return new Planned(s.id(), s.resource(), current.withVersion(Rotation.PLACEHOLDER_VERSION));
        } catch (RuntimeException unparsable) {
            return null; // the service's own plan reports its key URL
        }
    }

    private static String key(ServiceId id, KeyUrl target) {
        return (id.armId() + " " + target.url()).toLowerCase(Locale.ROOT);
    }

    private record Planned(ServiceId id, JsonNode resource, KeyUrl target) {
    }
}
