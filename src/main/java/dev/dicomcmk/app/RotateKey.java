package dev.dicomcmk.app;

import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.rotation.Fleet;
import dev.dicomcmk.rotation.Journal;
import dev.dicomcmk.rotation.Rotation;
import dev.dicomcmk.rotation.RotationMode;
import dev.dicomcmk.rotation.RotationRequest;
import dev.dicomcmk.rotation.RotationResult;
import dev.dicomcmk.rotation.RotationSteps;
import dev.dicomcmk.rotation.RunLock;
import dev.dicomcmk.rotation.VersionChoice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * rotate-key's use case: one service's {@link Rotation} (the state machine) over the steps its {@link RotationPort} gives,
 * or a fleet's, --parallel at a time, sharing one permission gate, one operator read and, for a dry run,
 * one facts collector and the resource groups' what-ifs.
 */
public final class RotateKey {

    /**
     * @param keyUrl  with {@link RotationMode#KEY_URL}: the versioned key to switch to
     * @param instead the command line someone holding a missing permission can run instead
     */
    /** @param forwardOnly an event's rotation: never to a version older than the service's (deliveries repeat, arrive late) */
    public record Request(RotationMode mode, String keyUrl, Duration ifOlderThan, boolean dryRun, Duration verifyFor,
                          boolean rollback, int parallel, String instead, boolean forwardOnly) {

        public Request(RotationMode mode, String keyUrl, Duration ifOlderThan, boolean dryRun, Duration verifyFor,
                       boolean rollback, int parallel, String instead) {
            this(mode, keyUrl, ifOlderThan, dryRun, verifyFor, rollback, parallel, instead, false);
        }
    }

    /** What the run tells and asks as it goes. */
    public interface Listener {

        void progress(String status);

        /** Before one service's first change; throws when the operator declines. */
        void confirm(String question);

        /** Before a fleet's changes, showing the services; throws when the operator declines. */
        void confirm(List<String> shown, String question);

        /** A single rotation's wait told more precisely (the --verify-for countdown); a fleet's counter has the line. */
        default void waiting(String status) {
        }
    }

    private final RotationPort azure;
    private final Journal journal;
    private final Path stateDir;
    private final Request request;
    private final Listener listener;

    /** @param azure the run's port (one per run: a fleet shares its permission answers and the operator's id) */
    public RotateKey(RotationPort azure, Journal journal, Path stateDir, Request request, Listener listener) {
        this.azure = azure;
        this.journal = journal;
        this.stateDir = stateDir;
        this.request = request;
        this.listener = listener;
    }

    /** One service. */
    public RotationResult one(ServiceId id) {
        return rotation(new RotationPort.Listed(id, null), null, false).run();
    }

    /** Every service with a customer-managed key in the subscription (or resource group), in listing order. */
    public List<RotationResult> all(String subscription, String resourceGroup) {
        if (subscription == null) {
            throw new InvalidInputException("--all needs --subscription (or $AZURE_SUBSCRIPTION_ID)");
        }
        List<RotationPort.Listed> services = azure.fleet(subscription, resourceGroup, request.dryRun());
        return fleet(services, "--all", ServiceId::shortName);
    }

    /**
     * Rotates each of the services given (listed by ARM or Resource Graph), bounded by --parallel, after one
     * confirmation that names them; {@code selectedBy} names the selection in that question, {@code rowName} each
     * service in it. A service listed by Resource Graph is re-read under its lock before anything is written.
     */
    public List<RotationResult> fleet(List<RotationPort.Listed> services, String selectedBy,
                                      java.util.function.Function<ServiceId, String> rowName) {
        return fleet(services, java.util.Map.of(), selectedBy, rowName);
    }

    /**
     * As above, with the services' vaults found beforehand wherever they are (Resource Graph, by
     * their vault key): each read by its id, not looked for in each subscription.
     */
    public List<RotationResult> fleet(List<RotationPort.Listed> services, java.util.Map<String, String> vaultIds,
                                      String selectedBy, java.util.function.Function<ServiceId, String> rowName) {
        boolean dryRun = request.dryRun();
        if (!dryRun) {
            List<String> shown = new ArrayList<>(List.of("rotate-key " + selectedBy + " would rotate the key of:"));
            services.forEach(s -> shown.add("  " + rowName.apply(s.id())));
            listener.confirm(shown, "Rotate the keys of " + services.size() + " DICOM services?");
        }
        // a dry run changes nothing: its checks share one collector, which reads each vault and the tenant once;
        // it previews each switch with ARM's what-if: asked once per resource group (a selection by age leaves
        // services out, known only once each is read: those ask their own)
        RotationPort.WhatIfTarget whatIfs = request.ifOlderThan() != null ? null
                : request.mode() == RotationMode.NEW_VERSION
                ? (current, keys) -> current.withVersion(Rotation.PLACEHOLDER_VERSION)
                : request.mode() == RotationMode.TO_LATEST ? this::newestUsable
                : null;
        RotationPort.SharedReads shared = dryRun
                ? azure.dryRunReads(services, vaultIds, whatIfs, request.parallel(), listener::progress) : null;
        return Fleet.run(services, request.parallel(),
                s -> azure.perService(() -> rotation(s, shared, true, request.keyUrl(), vaultIds).run()),
                (s, e) -> RotationResult.failed(s.id().armId(), azure.describeFailure(e), e));
    }

    /**
     * One service of a fleet rotated to the given key version (an event's), with the fleet's confirmation and
     * progress conventions and its own lock, journal lines and verify.
     */
    public RotationResult toKey(RotationPort.Listed service, String keyUrl) {
        return azure.perService(() -> rotation(service, null, true, keyUrl).run());
    }

    /**
     * The version --to-latest will switch the service on {@code current} to, as {@link Rotation} picks it (from the
     * key's version list, read through the run's shared reads), or null when the service already uses it or the
     * list cannot be read (the service's own plan then says so).
     */
    private KeyUrl newestUsable(KeyUrl current, java.util.function.Function<KeyUrl, KeyFacts> keys) {
        KeyFacts key = keys.apply(current);
        if (!key.versions().isKnown()) {
            return null;
        }
        return VersionChoice.newestUsable(key.versions().value(), azure.now())
                .map(v -> current.withVersion(v.version()))
                .filter(target -> !target.url().equalsIgnoreCase(current.url()))
                .orElse(null);
    }

    private Rotation rotation(RotationPort.Listed service, RotationPort.SharedReads shared, boolean fleet) {
        return rotation(service, shared, fleet, request.keyUrl());
    }

    private Rotation rotation(RotationPort.Listed service, RotationPort.SharedReads shared, boolean fleet,
                              String keyUrl) {
        return rotation(service, shared, fleet, keyUrl, java.util.Map.of());
    }

    private Rotation rotation(RotationPort.Listed service, RotationPort.SharedReads shared, boolean fleet,
                              String keyUrl, java.util.Map<String, String> vaultIds) {
        ServiceId id = service.id();
        RotationMode mode = request.mode();
        RotationRequest rotation = new RotationRequest(id.armId(), id.shortName(), mode, keyUrl,
                request.ifOlderThan(), request.dryRun(), request.verifyFor(), request.rollback(), request.forwardOnly());
        RotationSteps steps = azure.steps(service, shared, vaultIds, new RotationPort.Wiring(
                q -> {
                    if (!fleet) {
                        listener.confirm(q.substring(0, 1).toUpperCase(Locale.ROOT) + q.substring(1));
                    }
                },
                status -> listener.progress(fleet ? id.shortName() + ": " + status : status),
                status -> {
                    if (!fleet) {
                        listener.waiting(status);
                    }
                },
                mode == RotationMode.NEW_VERSION, request.instead()));
        return new Rotation(rotation, steps, journal, RunLock.fileFor(stateDir, id.armId(), id.shortName()),
                ProcessHandle.current().pid());
    }
}
