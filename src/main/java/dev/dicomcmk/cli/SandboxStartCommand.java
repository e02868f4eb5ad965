package dev.dicomcmk.cli;

import dev.dicomcmk.files.PrivateFiles;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxConfig;
import dev.dicomcmk.sandbox.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** sandbox start: serves the sandbox in the foreground and writes what another shell needs to use it. */
@Command(name = "start", sortOptions = false,
        header = "Serve the sandbox in the foreground.",
        description = {"Writes cloud.json, ca.pem and credentials.env into the state directory, then serves until "
                + "interrupted (Ctrl-C) or until --duration has passed. In another shell:",
            "  . <state-dir>/credentials.env",
            "  dicom-cmk --cloud <state-dir> validate-key --service demo-ws/demo-dicom --resource-group demo-rg"})
public final class SandboxStartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "Loopback port to listen on (default: any free port).")
    int port;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The sandbox's own folder: its profile, credentials, the world's state, events.jsonl (the Event "
                    + "Grid events Key Vault would publish, for rotate-key --from-event) and rotate-key's journal and "
                    + "locks for this sandbox; an existing state is resumed (default: a new temporary directory). Not "
                    + "rotate-key's --state-dir.")
    Path stateDir;

    @Option(names = "--scenario", paramLabel = "NAME", completionCandidates = ScenarioCandidates.class,
            description = "Scenario to seed a new state with (default: ${DEFAULT-VALUE}).")
    String scenario = "healthy";

    @Option(names = "--latency", paramLabel = "MS", description = "Delay every answer by this many milliseconds.")
    int latencyMs;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (default: serve until interrupted).")
    Duration duration;

    @Override
    public Integer call() throws IOException, InterruptedException {
        DicomCmkCommand root = (DicomCmkCommand) spec.root().userObject();
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("--port " + port + " is not a port (0-65535)");
        }
        if (latencyMs < 0 || latencyMs > 60_000) {
            throw new InvalidInputException("--latency " + latencyMs + " must be between 0 and 60000 ms");
        }
        if (!Scenarios.exists(scenario)) {
            throw new InvalidInputException("--scenario: unknown scenario '" + dev.dicomcmk.model.Text.shorten(scenario)
                    + "'; see 'dicom-cmk sandbox scenarios'");
        }
        Path dir = stateDir != null ? stateDir : Files.createTempDirectory("dicom-cmk-sandbox-");
        // owner-only when made here: it will hold the client secret, the CA key and rotate-key's journal
        PrivateFiles.createDirectories(dir);
        CountDownLatch stop = new CountDownLatch(1);
        try (Sandbox sandbox = Sandbox.start(new SandboxConfig(port, scenario, dir, latencyMs))) {
            Path profile = sandbox.writeProfile(dir);
            Thread hook = new Thread(stop::countDown, "sandbox-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            PrintWriter out = root.environment().out();
            out.println("Sandbox (scenario " + scenario + ") listening on https://127.0.0.1:" + sandbox.port());
            out.println("State, cloud profile and credentials: " + dir.toAbsolutePath());
            out.println("In another shell:");
            out.println("  . " + dir.toAbsolutePath().resolve("credentials.env"));
            out.println("  dicom-cmk --cloud " + profile.toAbsolutePath()
                    + " validate-key --service demo-ws/demo-dicom --resource-group demo-rg");
            out.flush();
            if (duration != null) {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                stop.await();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping: the hook has run
            }
        }
        return ExitCode.OK.code();
    }
}
