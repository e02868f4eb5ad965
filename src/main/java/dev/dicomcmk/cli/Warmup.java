package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxConfig;
import dev.dicomcmk.sandbox.SandboxCredentials;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The training run behind bin/dicom-cmk's class-data-sharing archive: the launcher runs this once per jar
 * (-XX:DumpLoadedClassList, then a static archive of that list) so every later run maps the classes a real
 * run loads instead of loading, verifying and linking them from the jar. It runs the commands people run (help, version,
 * validate-key and diagnose against a sandbox through a cloud profile, as another process would), with
 * every byte of output thrown away. Only --auth env: the default chain would read the process's own
 * environment and could try the managed-identity endpoint. Not part of the command line.
 */
public final class Warmup {

    private Warmup() {
    }

    public static void main(String[] args) throws Exception {
        // a run builds the model of only the subcommand it names: build them all once, so every subcommand's
        // classes are in the archive
        Cli.commandTree();
        run(List.of("--version"), Map.of());
        run(List.of("--help"), Map.of());
        run(List.of("validate-key", "--help"), Map.of());
        run(List.of("diagnose", "--help"), Map.of());
        Path dir = Files.createTempDirectory("dicom-cmk-warmup-");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.of("healthy"))) {
            sandbox.writeProfile(dir);
            SandboxCredentials c = sandbox.credentials();
            Map<String, String> env = Map.of("AZURE_TENANT_ID", c.tenantId(), "AZURE_CLIENT_ID", c.clientId(),
                    "AZURE_CLIENT_SECRET", c.clientSecret(), "AZURE_SUBSCRIPTION_ID", c.subscriptionId());
            String cloud = dir.toString();
            run(List.of("--cloud", cloud, "--auth", "env", "validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg"), env);
            run(List.of("--cloud", cloud, "--auth", "env", "-o", "json", "validate-key", "--service",
                    "demo-ws/demo-dicom", "-g", "demo-rg"), env);
            run(List.of("--cloud", cloud, "--auth", "env", "-q", "diagnose", "--service", "demo-ws/demo-dicom",
                    "-g", "demo-rg"), env);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        System.exit(0);
    }

    private static void run(List<String> args, Map<String, String> env) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        Cli.run(args.toArray(new String[0]), new CliEnvironment(nowhere, nowhere, env, false, Clock.systemUTC()));
    }
}
