package dev.dicomcmk.cli;

import dev.dicomcmk.azure.AuthMode;
import dev.dicomcmk.output.OutputFormat;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.time.Duration;

/**
 * The options every subcommand inherits (DESIGN.md, "The command line"). Values only: what
 * they mean for Azure is decided in {@link AzureContext}.
 */
public final class GlobalOptions {

    @Option(names = "--cloud", scope = ScopeType.INHERIT, paramLabel = "NAME|FILE",
            description = "AzureCloud (default), AzureChinaCloud, AzureUSGovernment, or a cloud profile JSON file "
                    + "(or a directory holding cloud.json, as 'sandbox start' writes).")
    String cloud;

    @Option(names = "--subscription", scope = ScopeType.INHERIT, paramLabel = "ID",
            description = "Subscription id (default: $AZURE_SUBSCRIPTION_ID).")
    String subscription;

    @Option(names = "--tenant", scope = ScopeType.INHERIT, paramLabel = "ID",
            description = "Tenant to sign in to (default: the credential's own, or $AZURE_TENANT_ID).")
    String tenant;

    @Option(names = "--auth", scope = ScopeType.INHERIT, paramLabel = "MODE", converter = AuthModeConverter.class,
            completionCandidates = AuthModeConverter.Candidates.class,
            description = "How to sign in: default (the azure-identity chain), cli, env, managed-identity, "
                    + "workload-identity. Secrets come only from the environment or the chain.")
    AuthMode auth = AuthMode.DEFAULT;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            converter = OutputFormatConverter.class, completionCandidates = OutputFormatConverter.Candidates.class,
            description = "table (default) or json (one document, schemaVersion 1).")
    OutputFormat output = OutputFormat.TABLE;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colours (also when NO_COLOR is set).")
    boolean noColor;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print only one summary line per subject; messages only on errors.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print more: requirement titles and the documentation each rests on.")
    boolean verbose;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Log every HTTP call to stderr (tokens and secrets are never logged) and show stack traces.")
    boolean debug;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Give up on Azure after this long, the sign-in and long-running operations included "
                    + "(default: 10m; one HTTP exchange gets at most 1m of it, opening a connection 10s); e.g. 30s, 15m. "
                    + "No answer in time is exit 6.")
    Duration timeout = Duration.ofMinutes(10);

    @Option(names = "--sandbox", scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "SCENARIO",
            fallbackValue = "healthy", completionCandidates = ScenarioCandidates.class,
            description = "Run against an in-process sandbox (a local Azure) seeded with SCENARIO "
                    + "(default healthy; see 'dicom-cmk sandbox scenarios').")
    String sandbox;

    @Option(names = {"-y", "--yes"}, scope = ScopeType.INHERIT,
            description = "Do not ask before changing anything (commands that write ask whenever stdin is a "
                    + "terminal; no is exit 8).")
    boolean yes;

    public String cloud() {
        return cloud;
    }

    public String subscription() {
        return subscription;
    }

    public String tenant() {
        return tenant;
    }

    public AuthMode auth() {
        return auth;
    }

    public OutputFormat output() {
        return output;
    }

    public boolean noColor() {
        return noColor;
    }

    public boolean quiet() {
        return quiet;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean debug() {
        return debug;
    }

    public Duration timeout() {
        return timeout;
    }

    public String sandbox() {
        return sandbox;
    }

    public boolean yes() {
        return yes;
    }
}
