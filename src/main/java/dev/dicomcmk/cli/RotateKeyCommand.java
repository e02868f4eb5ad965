package dev.dicomcmk.cli;

import dev.dicomcmk.app.OperatorPermissionGate;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomApiProbe;
import dev.dicomcmk.azure.FactsCollector;
import dev.dicomcmk.azure.SignedInPrincipal;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.rotation.Fleet;
import dev.dicomcmk.rotation.Journal;
import dev.dicomcmk.rotation.JournalLines;
import dev.dicomcmk.rotation.RotationMode;
import dev.dicomcmk.rotation.RotationRequest;
import dev.dicomcmk.rotation.RotationResult;
import dev.dicomcmk.rotation.Rotation;
import dev.dicomcmk.rotation.RunLock;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** rotate-key: move a service (or a fleet) to a new key version, safely enough for cron. */
@Command(name = "rotate-key", sortOptions = false,
        header = "Move a service to a new key version, the newest existing one, or another key; verify; roll back.",
        description = {"Checks the target key for the service (its identity must be able to wrap and unwrap with it), "
                + "deploys the switch through the same ARM template as update-via-arm (every other property kept), "
                + "verifies that the service reports the key and Succeeded, then watches Resource Health for "
                + "--verify-for and switches back if the service turns unhealthy. Old versions are never disabled, "
                + "deleted or expired.",
            "Every change (the new version, the switch, a rollback) is journaled before it is made (--journal, default "
                + "$XDG_STATE_HOME/dicom-cmk/HOST/journal.jsonl, HOST the cloud's ARM host; a sandbox's beside its cloud "
                + "profile); a run that finds an attempt still open (interrupted, or pending "
                + "because its outcome was not known: a deployment that outlived --timeout, an answer lost) finishes it first "
                + "from what Azure reports, and switches to a version an interrupted attempt made (proved by its "
                + "dicom-cmk-attempt tag) rather than make another; --dry-run only says so. One run per service at a time: "
                + "a second one exits 7. The versions to keep enabled come from the service's key, the journal and the "
                + "resource group's deployment history, each with its source."})
public final class RotateKeyCommand implements Callable<Integer> {

    @ParentCommand
    DicomCmkCommand root;

    @Mixin
    ServiceOptions serviceOptions;

    @Option(names = "--all", description = "Every CMK-enabled DICOM service in the subscription (or in --resource-group).")
    boolean all;

    @Mixin
    FleetScopeOptions fleetScope;

    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(names = "--new-version", required = true,
                description = "Create a new version of the service's key (same type and size) and switch to it.")
        boolean newVersion;

        @Option(names = "--to-latest", required = true,
                description = "Switch to the newest enabled version that exists (pairs with a Key Vault rotation policy).")
        boolean toLatest;

        @Option(names = "--key-url", required = true, paramLabel = "URL",
                description = "Switch to this versioned key (another vault needs access first: enable-identity --grant-key-access).")
        String keyUrl;

        @Option(names = "--history", required = true, description = "Print the service's rotation history from the journal.")
        boolean history;
    }

    @Option(names = "--if-older-than", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Rotate only when the current version is older than this (e.g. 90d); else exit 0, not due.")
    Duration ifOlderThan;

    @Option(names = "--dry-run", description = "Print the plan and ARM's what-if; change nothing (no key version either).")
    boolean dryRun;

    @Option(names = "--verify-for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Watch Resource Health this long after the switch (default: 2m).")
    Duration verifyFor = Duration.ofMinutes(2);

    @Option(names = "--probe", description = "While watching, also call the DICOM API (needs a DICOM data-plane role).")
    boolean probe;

    @Option(names = "--no-rollback", description = "Leave the service on the new key even if it turns unhealthy.")
    boolean noRollback;

    @Option(names = "--journal", paramLabel = "FILE", description = "The journal (default: $XDG_STATE_HOME/dicom-cmk/HOST/journal.jsonl, HOST the cloud's "
            + "ARM host; a sandbox's in its state folder). Never a symbolic link.")
    Path journalFile;

    @Option(names = "--parallel", paramLabel = "N", description = "With --all: services rotated at once (default: 4).")
    int parallel = 4;

    /** The run's one permission gate: a fleet shares its answers (resource groups, vaults). */
    private OperatorPermissionGate permissions;

    @Override
    public Integer call() {
        validate();
        AzureContext azure = root.azure();
        Path stateDir = azure.rotationStateDir();
        Journal journal = azure.journal(journalFile, this::say);
        RotationPrinter printer = new RotationPrinter(root);
        if (target.history) {
            // only reads: a link at the journal's path is refused by the read itself
            ServiceId id = serviceId(azure);
            printer.history(id.armId(), journal.history(id.armId()));
            return ExitCode.OK.code();
        }
        journal.check();
        String keyUrl = target.keyUrl == null ? null : TemplateOutputs.versionedKey(target.keyUrl, azure).url();
        AzureSession session = azure.session();
        DicomApiProbe dicomProbe = probe ? session.dicomApiProbe() : null;
        Supplier<String> operator = memo(() -> SignedInPrincipal.objectId(session));
        permissions = new OperatorPermissionGate(session);
        if (!all && !fleetScope.active()) {
            AzureRotationSteps.Listed one = new AzureRotationSteps.Listed(serviceId(azure), null);
            return printer.print(List.of(rotation(session, one, null, null, keyUrl, dicomProbe, operator, journal,
                    stateDir, false).run()), false);
        }
        String subscription = azure.subscriptionOrNull();
        if (subscription == null && !fleetScope.active()) {
            throw new InvalidInputException("--all needs --subscription (or $AZURE_SUBSCRIPTION_ID)");
        }
        // across subscriptions (or by key) the fleet comes from one Resource Graph query; a dry run plans from its rows,
        // a real run re-reads each service under its lock before writing (Resource Graph lags behind ARM)
        List<AzureRotationSteps.Listed> services = fleetScope.active()
                ? FleetSelection.of(fleetScope, serviceOptions.resourceGroup(), azure).services().stream()
                        .filter(FleetSelection::hasCustomerManagedKey)
                        .map(f -> new AzureRotationSteps.Listed(f.id(), dryRun ? FleetSelection.asResource(f) : null)).toList()
                : AzureRotationSteps.fleet(session, subscription, serviceOptions.resourceGroup(), dryRun);
        if (fleetScope.active()) {
            printer.acrossSubscriptions();
        }
        if (!dryRun) {
            List<String> shown = new java.util.ArrayList<>(List.of("rotate-key " + (all ? "--all" : fleetScope.named())
                    + " would rotate the key of:"));
            services.forEach(s -> shown.add("  " + (fleetScope.active() ? FleetSelection.rowName(s.id()) : s.id().shortName())));
            Confirmation.confirm(root, shown, "Rotate the keys of " + services.size() + " DICOM services?");
        }
        // a dry run changes nothing: its checks share one collector, which reads each vault and the tenant once
        FactsCollector shared = dryRun ? new FactsCollector(session) : null;
        // a new version's dry run previews each switch with ARM's what-if: asked once per resource group
        FleetWhatIfs whatIfs = dryRun && target.newVersion && ifOlderThan == null
                ? FleetWhatIfs.start(session, services, parallel, this::progress) : null;
        List<RotationResult> results = Fleet.run(services, parallel,
                s -> session.perService(() -> rotation(session, s, shared, whatIfs, keyUrl, dicomProbe, operator, journal,
                        stateDir, true).run()),
                (s, e) -> RotationResult.failed(s.id().armId(), AzureRotationSteps.describeFailure(e), e));
        return printer.print(results, true);
    }

    private Rotation rotation(AzureSession session, AzureRotationSteps.Listed service, FactsCollector facts,
                              FleetWhatIfs whatIfs, String keyUrl, DicomApiProbe dicomProbe, Supplier<String> operator,
                              Journal journal, Path stateDir, boolean fleet) {
        ServiceId id = service.id();
        RotationMode mode = target.newVersion ? RotationMode.NEW_VERSION
                : target.toLatest ? RotationMode.TO_LATEST : RotationMode.KEY_URL;
        RotationRequest request = new RotationRequest(id.armId(), id.shortName(), mode, keyUrl, ifOlderThan, dryRun,
                verifyFor, !noRollback);
        AzureRotationSteps steps = new AzureRotationSteps(session, id, service.resource(), facts, dicomProbe, operator,
                q -> {
                    if (!fleet) {
                        Confirmation.confirm(root, q.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + q.substring(1));
                    }
                },
                status -> progress(fleet ? id.shortName() + ": " + status : status), root.environment())
                .withFleetWhatIfs(whatIfs)
                .withPermissionCheck(permissions, mode == RotationMode.NEW_VERSION, SameCommand.of(root));
        return new Rotation(request, steps, journal, RunLock.fileFor(stateDir, id.armId(), id.shortName()),
                ProcessHandle.current().pid());
    }

    private void validate() {
        if (target == null) {
            throw new InvalidInputException("rotate-key needs one of --new-version, --to-latest, --key-url URL or --history");
        }
        boolean fleet = all || fleetScope.active();
        if (fleet == (serviceOptions.service() != null)) {
            throw new InvalidInputException(fleet ? (all ? "--all" : fleetScope.named()) + " names a fleet and excludes "
                    + "--service; drop one" : "rotate-key needs either --service SERVICE or --all");
        }
        if (fleet && (target.keyUrl != null || target.history)) {
            throw new InvalidInputException((all ? "--all" : fleetScope.named()) + " rotates each service's own key: use it "
                    + "with --new-version or --to-latest");
        }
        if (parallel < 1 || parallel > 32) {
            throw new InvalidInputException("--parallel " + parallel + " must be between 1 and 32");
        }
    }

    private ServiceId serviceId(AzureContext azure) {
        return ServiceId.parse(serviceOptions.service(), serviceOptions.resourceGroup(), azure.subscriptionOrNull());
    }

    /** Notes and warnings about the journal: on stderr, even with --quiet (they are about the safety net). */
    private synchronized void say(String line) {
        root.environment().err().println(dev.dicomcmk.model.Text.escapeControls(line));
        root.environment().err().flush();
    }

    private synchronized void progress(String status) {
        if (!root.global().quiet()) {
            root.progress().step(status);
        }
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
