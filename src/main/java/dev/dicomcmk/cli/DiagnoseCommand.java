package dev.dicomcmk.cli;

import dev.dicomcmk.app.Diagnose;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DiagnosisFactsCollector;
import dev.dicomcmk.diagnosis.Diagnosis;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.requirements.CheckSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** diagnose: the lost-key-access runbook in one command. */
@Command(name = "diagnose",
        sortOptions = false,
        header = "Find why a service cannot use its key, when access broke, and what to do next.",
        description = {
            "Reads the service, Resource Health, the key (also among deleted keys), the vault, the identities and "
                + "their key access side by side, runs every requirement check, and ranks the causes with the exact "
                + "fix. Dates the outage against Azure's clock: under 30 minutes the service recovers by itself once "
                + "access is back; over 30 minutes it needs 'update-via-arm --deploy', then support.",
            "With --all-subscriptions, --management-group or --uses-key: every service's availability from Resource "
                + "Health (HealthResources), in two Resource Graph queries; exit 3 when a service is Unavailable.",
            "Exit 0 when the service is healthy, 3 when a problem is found (with --watch: when it times out unhealthy)."})
public final class DiagnoseCommand implements Callable<Integer> {

    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    @ParentCommand
    DicomCmkCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions serviceOptions;

    @Mixin
    FleetScopeOptions fleetScope;

    @Option(names = "--probe", description = "Also call the DICOM API (GET <serviceUrl>/v2/changefeed) to confirm "
            + "the 500s its users see; needs a DICOM data-plane role.")
    boolean probe;

    @Option(names = "--watch", description = "Check again until the service is healthy, printing only what changed.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --watch: time between checks (default: 30s).")
    Duration interval = Duration.ofSeconds(30);

    @Option(names = "--until-healthy", paramLabel = "TIMEOUT", converter = DurationConverter.class,
            description = "With --watch: give up after this long (default: 30m); exit 3 if still unhealthy.")
    Duration untilHealthy = Duration.ofMinutes(30);

    @Override
    public Integer call() {
        if (fleetScope.active()) {
            if (serviceOptions.service() != null || watch || probe) {
                throw new InvalidInputException(fleetScope.named() + " reads a fleet's Resource Health and excludes "
                        + "--service, --watch and --probe; drop one");
            }
            return FleetHealth.run(root, FleetSelection.of(fleetScope, serviceOptions.resourceGroup(), root.azure()));
        }
        validate();
        AzureContext azure = root.azure();
        ServiceId service = ServiceId.parse(serviceOptions.service(), serviceOptions.resourceGroup(),
                azure.subscriptionOrNull());
        AzureSession session = azure.session();
        Diagnose diagnose = new Diagnose(new DiagnosisFactsCollector(session, probe ? session.dicomApiProbe() : null)::collect,
                CheckSettings.defaults());
        DiagnosisPrinter printer = new DiagnosisPrinter(root.global(), root.environment());
        if (!watch) {
            Diagnosis d = diagnose.diagnose(service);
            int exit = exitCode(d);
            printer.print(d, exit, null);
            return exit;
        }
        DiagnosisWatch.Outcome o = new DiagnosisWatch(interval, untilHealthy, printer, root.progress())
                .run(() -> diagnose.diagnose(service));
        // a watch waits for healthy: ending any other way (unknown included) is "timed out unhealthy"
        int exit = o.last().healthy() ? ExitCode.OK.code() : ExitCode.REQUIREMENTS_NOT_MET.code();
        if (printer.json()) {
            printer.print(o.last(), exit, new DiagnosisPrinter.WatchView(o.ended(), o.checks(), o.watched()));
        }
        return exit;
    }

    private void validate() {
        if (serviceOptions.service() == null) {
            throw new InvalidInputException("diagnose needs --service WORKSPACE/DICOM (with --resource-group) or the "
                    + "service's ARM id; see 'dicom-cmk diagnose --help'");
        }
        var parsed = spec.commandLine().getParseResult();
        if (!watch && (parsed.hasMatchedOption("--interval") || parsed.hasMatchedOption("--until-healthy"))) {
            throw new InvalidInputException("--interval and --until-healthy only apply with --watch");
        }
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new InvalidInputException("--interval " + interval.toMillis() + "ms is too short; give 1s or more");
        }
    }

    /**
     * 3 when a problem was found; 0 when healthy, and when it cannot tell (a check that decides it could not be
     * read): like a SKIP finding, what could not be read is said, not counted as a problem found.
     */
    private static int exitCode(Diagnosis d) {
        return d.problemFound() ? ExitCode.REQUIREMENTS_NOT_MET.code() : ExitCode.OK.code();
    }

}
