package dev.dicomcmk.cli;

import dev.dicomcmk.azure.adapters.AzureRotationPort;
import dev.dicomcmk.app.KeyUsers;
import dev.dicomcmk.app.RotateKey;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.rotation.Journal;
import dev.dicomcmk.rotation.KeyVaultEvent;
import dev.dicomcmk.rotation.RotationMode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** rotate-key: move a service (or a fleet) to a new key version, safely enough for cron. */
@Command(name = "rotate-key", sortOptions = false,
        header = "Move a service to a new key version, the newest existing one, or another key; verify; roll back.",
        description = {"Checks the target key for the service (its identity must be able to wrap and unwrap with it), "
                + "deploys the switch through the same ARM template as update-via-arm (every other property kept), "
                + "verifies that the service reports the key and Succeeded, then watches Resource Health for "
                + "--verify-for and switches back if the service turns unhealthy. Old versions are never disabled, "
                + "deleted or expired.",
            "Every change (the new version, the switch, a rollback) is journaled before it is made (--journal, default "
                + "$XDG_STATE_HOME/dicom-cmk/HOST/journal.jsonl, HOST the cloud's ARM host, or under --state-dir / "
                + "$DICOM_CMK_STATE_DIR; a sandbox's beside its cloud "
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

        @Option(names = "--from-event", required = true, paramLabel = "FILE|-",
                description = "Follow a Key Vault key event as Event Grid delivers it (Event Grid schema or CloudEvents "
                        + "1.0; one event, a batch array, or one per line; - reads stdin). The services on the event's key "
                        + "are found with one Azure Resource Graph query in every subscription the principal can read "
                        + "(narrowed by --subscription on the command line, --management-group or --resource-group); an "
                        + "identity the key's vault grants that none of them has is warned about (a service the principal "
                        + "cannot read). KeyNewVersionCreated: each moves to the new version, never "
                        + "to an older one than it has (a late or repeated delivery changes nothing). KeyNearExpiry, "
                        + "KeyExpired: lists the services still on that version (exit 3). Key Vault only: Managed HSM "
                        + "publishes no Event Grid events.")
        String fromEvent;
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

    @Option(names = "--journal", paramLabel = "FILE", description = "The journal (default: journal.jsonl in the state folder, "
            + "$XDG_STATE_HOME/dicom-cmk/HOST or --state-dir DIR/HOST, HOST the cloud's "
            + "ARM host; a sandbox's in its state folder). Never a symbolic link.")
    Path journalFile;

    @Option(names = "--parallel", paramLabel = "N", description = "With --all or --from-event: services rotated at once (default: 4).")
    int parallel = 4;

    @Mixin
    StateDirOption stateDirOption;

    @Override
    public Integer call() {
        validate();
        AzureContext azure = root.azure();
        stateDirOption.apply(azure);
        // the event is checked before anything else: bad input is exit 2 without a sign-in
        List<KeyVaultEvent> events = target.fromEvent == null ? null : EventInput.read(target.fromEvent, root.environment(),
                azure.cloud());
        // then where to look (usage errors still before the sign-in the listing of subscriptions needs)
        KeyUsers keyUsers = events == null ? null : EventFollowing.users(fleetScope, root.global().subscription(),
                serviceOptions.resourceGroup(), azure);
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
        RotationMode mode = target.newVersion ? RotationMode.NEW_VERSION
                : target.toLatest ? RotationMode.TO_LATEST : RotationMode.KEY_URL;
        // the port is the run's one: --probe is how it watches, the request what the use case decides from
        RotateKey rotate = new RotateKey(new AzureRotationPort(azure.session(), probe), journal, stateDir,
                new RotateKey.Request(mode, keyUrl, ifOlderThan, dryRun, verifyFor, !noRollback, parallel,
                        SameCommand.of(root), events != null),
                new RotationListener(root, this::progress));
        if (events != null) {
            printer.acrossSubscriptions();
            return printer.print(EventFollowing.followIn(root, keyUsers, dryRun, parallel,
                    this::progress, this::say, events, rotate::toKey), true, "rotate-key --from-event");
        }
        if (fleetScope.active()) {
            // across subscriptions (or by key) the fleet comes from one Resource Graph query
            FleetSelection selection = FleetSelection.of(fleetScope, serviceOptions.resourceGroup(), azure);
            printer.acrossSubscriptions();
            return printer.print(selection.rotate(rotate, dryRun, fleetScope.named()), true);
        }
        if (!all) {
            return printer.print(List.of(rotate.one(serviceId(azure))), false);
        }
        return printer.print(rotate.all(azure.subscriptionOrNull(), serviceOptions.resourceGroup()), true);
    }

    private void validate() {
        if (target == null) {
            throw new InvalidInputException("rotate-key needs one of --new-version, --to-latest, --key-url URL, --from-event FILE "
                    + "or --history");
        }
        boolean fleet = all || fleetScope.active();
        if (target.fromEvent != null) {
            if (all || fleetScope.usesKey != null || serviceOptions.service() != null) {
                throw new InvalidInputException("--from-event finds the services on the event's key itself: drop "
                        + (all ? "--all" : fleetScope.usesKey != null ? "--uses-key" : "--service")
                        + " (--subscription, --management-group or --resource-group narrow the search)");
            }
        } else if (fleet == (serviceOptions.service() != null)) {
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
}
