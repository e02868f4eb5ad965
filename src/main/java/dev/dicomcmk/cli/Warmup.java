package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxConfig;
import dev.dicomcmk.sandbox.SandboxCredentials;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind the start-up archive: the build (src/build/start-up-archive.sh) runs this once, so every
 * run maps the classes a real run loads instead of loading, verifying and linking them from the jar. On JDK
 * 17 to 23 that is a class list, then a static CDS archive of it; on JDK 24 and later an AOT cache, recorded from
 * this run. It runs the commands people run (help, version, validate-key and diagnose against a sandbox through a
 * cloud profile, as another process would), with every byte of output thrown away. Only --auth env: the default
 * chain would read the process's own environment and could try the managed-identity endpoint. Not part of the
 * command line.
 *
 * <p>{@code --aot-cache}: an AOT cache loads every class it holds when a run starts, so it holds only what the runs
 * that start-up time matters for load (validate-key and diagnose against Azure; the sandbox in a JVM of its own, no
 * help texts, no other subcommand's model): validate-key 0.74 -> 0.70 s against a cache of everything. A CDS archive
 * loads a class when it is first used, so it may as well hold them all (and the sandbox's, for `--sandbox` runs).
 */
public final class Warmup {

    private Warmup() {
    }

    public static void main(String[] args) throws Exception {
        boolean aotCache = List.of(args).contains("--aot-cache");
        if (!aotCache) {
            // a run builds the model of only the subcommand it names: build them all once, so every subcommand's
            // classes are in the archive
            Cli.commandTree();
            run(List.of("--version"), Map.of());
            run(List.of("--help"), Map.of());
            run(List.of("validate-key", "--help"), Map.of());
            run(List.of("diagnose", "--help"), Map.of());
        }
        Path dir = Files.createTempDirectory("dicom-cmk-warmup-");
        try {
            if (aotCache) {
                Process sandbox = startSandboxProcess(dir);
                try {
                    runAgainstSandbox(dir, credentialsFile(dir.resolve("credentials.env")));
                } finally {
                    sandbox.destroy();
                    sandbox.waitFor();
                }
            } else {
                try (Sandbox sandbox = Sandbox.start(SandboxConfig.of("healthy"))) {
                    sandbox.writeProfile(dir);
                    SandboxCredentials c = sandbox.credentials();
                    runAgainstSandbox(dir, Map.of("AZURE_TENANT_ID", c.tenantId(), "AZURE_CLIENT_ID", c.clientId(),
                            "AZURE_CLIENT_SECRET", c.clientSecret(), "AZURE_SUBSCRIPTION_ID", c.subscriptionId()));
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
        System.exit(0);
    }

    private static void runAgainstSandbox(Path profileDir, Map<String, String> env) {
        String cloud = profileDir.toString();
        run(List.of("--cloud", cloud, "--auth", "env", "validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg"), env);
        run(List.of("--cloud", cloud, "--auth", "env", "-o", "json", "validate-key", "--service",
                "demo-ws/demo-dicom", "-g", "demo-rg"), env);
        run(List.of("--cloud", cloud, "--auth", "env", "-q", "diagnose", "--service", "demo-ws/demo-dicom",
                "-g", "demo-rg"), env);
    }

    /** `sandbox start` in a JVM of its own, with its profile and credentials in dir; returns once it listens. */
    private static Process startSandboxProcess(Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("sandbox.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", realClassPath(),
                "dev.dicomcmk.Main", "sandbox", "start", "--port", "0", "--state-dir", dir.toString(),
                "--scenario", "healthy", "--duration", "10m");
        Process sandbox = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!(Files.exists(dir.resolve("credentials.env")) && Files.readString(log).contains("listening"))) {
            if (!sandbox.isAlive() || Instant.now().isAfter(deadline)) {
                sandbox.destroy();
                throw new IOException("the training sandbox did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return sandbox;
    }

    /**
     * This JVM's class path with each entry's real path: the build runs this with the jar open as /dev/fd/9 (see
     * src/build/start-up-archive.sh), a descriptor the sandbox's process does not inherit.
     */
    private static String realClassPath() throws IOException {
        StringBuilder path = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (path.length() > 0) {
                path.append(java.io.File.pathSeparator);
            }
            path.append(Path.of(entry).toRealPath());
        }
        return path.toString();
    }

    /** The NAME=value pairs of a sandbox's credentials.env (`export NAME=value` lines, a value maybe quoted). */
    static Map<String, String> credentialsFile(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip().replaceFirst("^export\\s+", "");
            int eq = l.indexOf('=');
            if (eq > 0 && !l.startsWith("#")) {
                String value = l.substring(eq + 1);
                if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                        || value.startsWith("\"") && value.endsWith("\""))) {
                    value = value.substring(1, value.length() - 1);
                }
                env.put(l.substring(0, eq), value);
            }
        }
        return env;
    }

    private static void run(List<String> args, Map<String, String> env) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        Cli.run(args.toArray(new String[0]), new CliEnvironment(nowhere, nowhere, env, false, Clock.systemUTC()));
    }
}
