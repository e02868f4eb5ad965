package dev.dicomcmk.app;

import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.Text;
import dev.dicomcmk.output.FleetEntry;
import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.RequirementsChecker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * validate-key --all: every DICOM service with a customer-managed key in the subscription (or one
 * resource group), at most --parallel at a time, one report each. A service that cannot be read is
 * named on stderr and counts with its own exit code; the run exits with the worst code.
 * Only reports are kept (not the facts behind them), so memory stays flat as the fleet grows.
 */
public final class FleetCheck {

    /** What the run tells as it goes: its progress, and each service that could not be checked. */
    public interface Listener {

        /** A new step of the progress line. */
        void step(String status);

        /** The current step's progress, drawn in place. */
        void update(String status);

        /** One line naming a service that could not be read and why (stderr). */
        void unreadable(String line);
    }

    private final FleetCheckPort azure;
    private final CheckSettings checks;
    private final boolean strict;
    private final Listener listener;

    /** @param exitCode the exit code a service's failure counts as */
    public FleetCheck(FleetCheckPort azure, CheckSettings checks, boolean strict, Listener listener) {
        this.azure = azure;
        this.checks = checks;
        this.strict = strict;
        this.listener = listener;
    }

    /**
     * The reports in fleet order; every service checked or not, in the same order; the worst exit code of the
     * services that could not be checked; and how many were left out for having no customer-managed key.
     */
    public record Result(List<Report> reports, List<FleetEntry> entries, int worstError, int withoutCmk) {
    }

    /** "group/workspace/dicom": unique within a subscription, and what a person looks for in a row. */
    public static String rowName(ServiceId id) {
        return id.resourceGroup() + "/" + id.shortName();
    }

    public Result run(String subscription, String resourceGroup, int parallel) {
        List<ServiceFacts> services = azure.list(subscription, resourceGroup);
        return run(services, parallel, FleetCheck::rowName);
    }

    /**
     * Services listed by Resource Graph, and where their keys' vaults are (Resource Graph's vault listing:
     * each read once, wherever its services are).
     */
    public record Listed(List<ServiceFacts> services, java.util.Map<String, String> vaultIds) {
    }

    /** The services listed by Resource Graph, each checked in its own subscription; rows named by {@code rowName}. */
    public Result run(Listed listed, int parallel, java.util.function.Function<ServiceId, String> rowName) {
        return run(listed.services(), azure.facts(listed.vaultIds()), parallel, rowName);
    }

    /** The services as listed (by ARM or Resource Graph), each checked in its own subscription; rows named by {@code rowName}. */
    public Result run(List<ServiceFacts> services, int parallel, java.util.function.Function<ServiceId, String> rowName) {
        return run(services, azure.facts(java.util.Map.of()), parallel, rowName);
    }

    private Result run(List<ServiceFacts> services, java.util.function.Function<ServiceFacts, dev.dicomcmk.model.CmkFacts> collector, int parallel,
                       java.util.function.Function<ServiceId, String> rowName) {
        RequirementsChecker checker = new RequirementsChecker(checks);
        AtomicInteger withoutCmk = new AtomicInteger();
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, services.size())), r -> {
            Thread t = new Thread(r, "dicom-cmk-fleet-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Report>> futures = new ArrayList<>();
            long toCheck = services.stream().filter(s -> s.keyUrl() != null && !s.keyUrl().isBlank()).count();
            String checking = "checking " + toCheck + (toCheck == 1 ? " service" : " services");
            AtomicInteger done = new AtomicInteger();
            listener.step(checking);
            for (ServiceFacts service : services) {
                if (service.keyUrl() == null || service.keyUrl().isBlank()) {
                    withoutCmk.incrementAndGet();
                    continue;
                }
                ServiceId id = service.id();
                // the service as listed stands in for a read of its own
                futures.add(workers.submit(() -> {
                    try {
                        return azure.perService(() -> checker.check(id.armId(), collector.apply(service)));
                    } finally {
                        listener.update(checking + ": " + done.incrementAndGet() + "/" + toCheck + " done");
                    }
                }));
            }
            List<Report> reports = new ArrayList<>();
            List<FleetEntry> entries = new ArrayList<>();
            int worst = 0;
            List<ServiceId> checked = services.stream().filter(s -> s.keyUrl() != null && !s.keyUrl().isBlank())
                    .map(ServiceFacts::id).toList();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    Report r = futures.get(i).get();
                    if (r != null) {
                        reports.add(r);
                        entries.add(FleetEntry.checked(rowName.apply(checked.get(i)), r));
                    }
                } catch (ExecutionException e) {
                    FleetCheckPort.Unreadable f = azure.unreadable("check " + checked.get(i).shortName(), e.getCause());
                    worst = Math.max(worst, f.exitCode());
                    listener.unreadable("dicom-cmk: " + Text.escapeControls(checked.get(i).armId()) + ": " + Text.escapeControls(f.oneLine()));
                    entries.add(FleetEntry.unreadable(rowName.apply(checked.get(i)), f.oneLine()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw azure.interrupted(e);
                }
            }
            return new Result(reports, entries, worst, withoutCmk.get());
        } finally {
            workers.shutdownNow();
        }
    }
}
