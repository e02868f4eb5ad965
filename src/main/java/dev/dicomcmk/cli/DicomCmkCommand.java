package dev.dicomcmk.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The root command: global options. Its subcommands are {@link Cli#SUBCOMMANDS}, registered by {@link Cli} rather
 * than by this annotation, so that a run builds the model of only the subcommand it runs.
 */
@Command(name = "dicom-cmk",
        // -h/--help and -V/--version on every subcommand too: `dicom-cmk rotate-key --help` is what admins type
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        // 80 columns, not the terminal's width: the same help on a terminal, in a pipe, a CI log and the README,
        // no stty process per help, and RootHelp can serve it pre-rendered
        header = "Customer-managed keys for the Azure Health Data Services DICOM service.",
        description = {
            "Checks keys against the DICOM service's CMK requirements (live or in ARM templates), rotates them "
                + "safely, turns on the identity and its key access, deploys the ARM template that sets identity and "
                + "key, diagnoses a service that lost its key, and runs a local Azure (the sandbox) for rehearsals.",
            "Subcommand names are case-insensitive."})
public final class DicomCmkCommand implements Runnable {

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    private CliEnvironment environment;
    private AzureContext azure;
    private TerminalLine terminalLine;
    private Progress progress;

    void environment(CliEnvironment environment) {
        this.environment = environment;
    }

    public CliEnvironment environment() {
        return environment;
    }

    public GlobalOptions global() {
        return global;
    }

    /** The run's Azure context, made on first use (commands that never call Azure never make one). */
    public AzureContext azure() {
        if (azure == null) {
            azure = new AzureContext(global, environment);
            azure.progress(this::progress);
            azure.interruptNotice(new InterruptNotice(environment.err(), () -> SameCommand.of(this), this::closeProgress));
        }
        return azure;
    }

    /** Set when stderr is a terminal: progress is a live status line there. */
    void terminalLine(TerminalLine line) {
        this.terminalLine = line;
    }

    /** The run's one progress reporter: a status line on a terminal, timestamped lines in a log, silent with -q. */
    synchronized Progress progress() {
        if (progress == null) {
            progress = global == null || global.quiet() ? Progress.SILENT
                    : terminalLine != null ? Progress.onTerminal(terminalLine, environment.clock())
                    : Progress.inLog(environment.err(), environment.clock(), Progress.HEARTBEAT);
        }
        return progress;
    }

    synchronized void closeProgress() {
        if (progress != null) {
            progress.close();
        }
    }

    void closeAzure() {
        if (azure != null) {
            azure.close();
        }
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: validate-key, rotate-key, enable-identity, update-via-arm, diagnose or sandbox");
    }
}
