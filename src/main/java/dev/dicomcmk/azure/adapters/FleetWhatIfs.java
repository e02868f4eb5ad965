package dev.dicomcmk.azure.adapters;

import dev.dicomcmk.app.RotationPort;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomServiceReader;
import dev.dicomcmk.azure.ServiceDeployment;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.template.ServiceTemplates;
import dev.dicomcmk.template.WhatIfChanges;
import dev.dicomcmk.template.DesiredState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A fleet's dry run (`--new-version`, `--to-latest`) asks ARM one what-if per resource group (per {@link #CHUNK}
 * services), not one per service: each service's switch, as its own dry run renders it, goes in as a nested
 * deployment ({@link ServiceDeployment#whatIfTogether}) and its changes come back by resource id. ARM counts a
 * what-if's POST as a write (200 in a bucket refilled at 10 a second per subscription, region and principal), so
 * 500 services cost a dozen writes and two round trips each instead of 500; the services' own plans, key reads and
 * checks run as before. A group whose what-if fails leaves its services to ask ARM one by one, so each failure is
 * told at the service it belongs to; so does a service whose own plan picks another target than the group's.
 */
public final class FleetWhatIfs {

    /** Services per what-if: a template holds at most 800 resources, and a failed group is retried one by one. */
    static final int CHUNK = 50;

    /** By lower-case service id: the switch its group previewed, once its group's what-if has answered. */
    private final Map<String, CompletableFuture<Preview>> previews = new ConcurrentHashMap<>();

    private FleetWhatIfs() {
    }

    /** The target a service's group previews and the what-if's lines for that service. */
    private record Preview(String target, List<String> lines) {
    }

    /** Thrown into a service's answer when its own plan names another target than its group previewed. */
    private static final class OtherTarget extends RuntimeException {
        OtherTarget() {
            super("the group's what-if previewed another target", null, false, false);
        }
    }

    /**
     * Starts the what-ifs (at most {@code parallel} at a time, on the session's threads) for every listed service
     * that has a key, each of the switch {@code target} plans from the service's current key (a new version shown
     * as the rotation's placeholder version; the newest usable version, read through the
     * run's shared key reads, which the service's own plan then reads again for free). {@code target} may read
     * Azure, runs on the group's thread, and answers null when there is nothing to preview (the service is up to
     * date): that service then has no preview here.
     */
    public static FleetWhatIfs start(AzureSession session, List<RotationPort.Listed> services, int parallel,
                                     Consumer<String> progress, Function<KeyUrl, KeyUrl> target) {
        FleetWhatIfs batch = new FleetWhatIfs();
        Map<String, List<Planned>> byGroup = new LinkedHashMap<>();
        for (RotationPort.Listed s : services) {
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
                Map<Planned, CompletableFuture<Preview>> mine = new LinkedHashMap<>();
                for (Planned p : chunk) {
                    CompletableFuture<Preview> f = new CompletableFuture<>();
                    mine.put(p, f);
                    batch.previews.put(key(p.id()), f);
                }
                session.executor().execute(() -> batch.ask(session, mine, slots, progress, target));
            }
        }
        return batch;
    }

    /**
     * The what-if lines of this service's switch to this key, from its group's what-if, or null when this batch
     * has none for it (the service then asks ARM itself). A group's failure, or a preview of another target,
     * completes it exceptionally (the service then asks ARM itself too).
     */
    public CompletableFuture<List<String>> of(ServiceId id, KeyUrl target) {
        CompletableFuture<Preview> preview = previews.get(key(id));
        return preview == null ? null : preview.thenApply(p -> {
            if (p.target() == null || !p.target().equalsIgnoreCase(target.url())) {
                throw new CompletionException(new OtherTarget());
            }
            return p.lines();
        });
    }

    private void ask(AzureSession session, Map<Planned, CompletableFuture<Preview>> chunk, Semaphore slots,
                     Consumer<String> progress, Function<KeyUrl, KeyUrl> target) {
        Planned first = chunk.keySet().iterator().next();
        try {
            // the targets side by side (reads of different keys), each service's failure its own
            Map<Planned, CompletableFuture<KeyUrl>> targets = new LinkedHashMap<>();
            chunk.keySet().forEach(p -> targets.put(p, CompletableFuture.supplyAsync(() -> target.apply(p.current()),
                    session.executor())));
            Map<Planned, KeyUrl> previewed = new LinkedHashMap<>();
            targets.forEach((p, t) -> {
                try {
                    KeyUrl to = t.join();
                    if (to == null) {
                        chunk.get(p).complete(new Preview(null, List.of()));
                    } else {
                        previewed.put(p, to);
                    }
                } catch (RuntimeException e) {
                    chunk.get(p).completeExceptionally(e);
                }
            });
            if (previewed.isEmpty()) {
                return;
            }
            slots.acquire();
            try {
                List<ServiceDeployment.ServiceTemplate> templates = previewed.entrySet().stream()
                        .map(e -> new ServiceDeployment.ServiceTemplate(e.getKey().id(), ServiceTemplates.render(
                                e.getKey().resource(), DesiredState.keyOnly(e.getValue().url()), session.toolVersion())))
                        .toList();
                JsonNode result = new ServiceDeployment(session).whatIfTogether(first.id().subscriptionId(),
                        first.id().resourceGroup(), templates, status -> progress.accept("what-if of " + templates.size()
                                + " services in " + first.id().resourceGroup() + ": " + status));
                List<WhatIfChanges.Change> changes = WhatIfChanges.of(result);
                previewed.forEach((p, to) -> chunk.get(p).complete(new Preview(to.url(), WhatIfChanges.lines(changes.stream()
                        .filter(c -> c.resourceId().equalsIgnoreCase(p.id().armId())).toList()))));
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

    /** The service with its current key, or null when it has no key to rotate. */
    private static Planned planned(AzureSession session, RotationPort.Listed s) {
        if (s.resource() == null) {
            return null;
        }
        String key = DicomServiceReader.parse(s.id(), s.resource()).keyUrl();
        if (key == null || key.isBlank()) {
            return null;
        }
        try {
            KeyUrl current = KeyUrl.parse(key, session.cloud().keyVaultDnsSuffix(), session.cloud().managedHsmDnsSuffix());
            return new Planned(s.id(), s.resource(), current);
        } catch (RuntimeException unparsable) {
            return null; // the service's own plan reports its key URL
        }
    }

    private static String key(ServiceId id) {
        return id.armId().toLowerCase(Locale.ROOT);
    }

    private record Planned(ServiceId id, JsonNode resource, KeyUrl current) {
    }
}
