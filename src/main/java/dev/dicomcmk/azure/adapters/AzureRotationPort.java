package dev.dicomcmk.azure.adapters;

import dev.dicomcmk.app.RotationPort;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomApiProbe;
import dev.dicomcmk.azure.FactsCollector;
import dev.dicomcmk.azure.SignedInPrincipal;
import dev.dicomcmk.rotation.RotationSteps;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** rotate-key's port over Azure: one per run, so a fleet shares its permission answers and the operator's id. */
public final class AzureRotationPort implements RotationPort {

    private final AzureSession session;
    private final DicomApiProbe probe;
    private final Supplier<String> operator;
    /** The run's one permission gate: a fleet shares its answers (resource groups, vaults). */
    private final OperatorPermissionGate permissions;

    /** @param probe whether to probe the DICOM API after the switch (--probe) */
    public AzureRotationPort(AzureSession session, boolean probe) {
        this.session = session;
        this.probe = probe ? session.dicomApiProbe() : null;
        this.operator = memo(() -> SignedInPrincipal.objectId(session));
        this.permissions = new OperatorPermissionGate(session);
    }

    /** A dry run's shared reads: one collector (each vault and the tenant read once) and the batched what-ifs. */
    private record Shared(FactsCollector facts, FleetWhatIfs whatIfs) implements SharedReads {
    }

    @Override
    public List<Listed> fleet(String subscription, String resourceGroup, boolean keepResources) {
        return AzureRotationSteps.fleet(session, subscription, resourceGroup, keepResources);
    }

    @Override
    public SharedReads dryRunReads(List<Listed> services, Map<String, String> vaultIds, WhatIfTarget whatIfs,
                                   int parallel, Consumer<String> progress) {
        FactsCollector shared = new FactsCollector(session, vaultIds);
        FleetWhatIfs batch = whatIfs == null ? null
                : FleetWhatIfs.start(session, services, parallel, progress, current -> whatIfs.target(current, shared::key));
        return new Shared(shared, batch);
    }

    @Override
    public RotationSteps steps(Listed service, SharedReads shared, Map<String, String> vaultIds, Wiring wiring) {
        Shared reads = (Shared) shared;
        return new AzureRotationSteps(session, service.id(), service.resource(), reads == null ? null : reads.facts(),
                probe, operator, wiring.confirm(), wiring.progress())
                .withWaiting(wiring.waiting())
                .withFleetWhatIfs(reads == null ? null : reads.whatIfs())
                .withVaults(vaultIds)
                .withPermissionCheck(permissions, wiring.newVersion(), wiring.instead());
    }

    @Override
    public String describeFailure(RuntimeException failure) {
        return AzureRotationSteps.describeFailure(failure);
    }

    @Override
    public <T> T perService(Supplier<T> work) {
        return session.perService(work);
    }

    @Override
    public Instant now() {
        return session.clock().now();
    }

    /** The operator's id is read once per run (one token request), and only when something is journaled. */
    private static Supplier<String> memo(Supplier<String> s) {
        return new Supplier<>() {
            private String value;

            @Override
            public synchronized String get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }
}
