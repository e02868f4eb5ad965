package dev.dicomcmk.cli;

import dev.dicomcmk.files.PrivateFiles;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxConfig;
import dev.dicomcmk.sandbox.SandboxStateFiles;
import dev.dicomcmk.sandbox.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.BindException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
                    + "locks for this sandbox; an existing state is resumed, and the folder is kept (default: a new "
                    + "temporary folder, owner-only, removed when the sandbox stops). Not rotate-key's --state-dir.")
    Path stateDir;

    @Option(names = "--scenario", paramLabel = "NAME", completionCandidates = ScenarioCandidates.class,
            description = "Scenario to seed a new state with (default: healthy; an existing state keeps its own, and "
                    + "another one needs --reset).")
    String scenario;

    @Option(names = "--reset", description = "Seed the state in --state-dir anew from --scenario: a new world, "
            + "credentials and CA; the sandbox's journal and locks go too (default: resume the existing state).")
    boolean reset;

    @Option(names = "--latency", paramLabel = "MS", description = "Delay every answer by this many milliseconds "
            + "(default: 0).")
    int latencyMs;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (default: serve until interrupted).")
    Duration duration;

    /** What a reset removes from a state folder: the world and what rotate-key kept about it. */
    private static final List<String> STATE_FILES = List.of(SandboxStateFiles.STATE, "journal.jsonl", "locks");

    @Override
    public Integer call() throws IOException, InterruptedException {
        DicomCmkCommand root = (DicomCmkCommand) spec.root().userObject();
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("--port " + port + " is not a port (0-65535)");
        }
        if (latencyMs < 0 || latencyMs > 60_000) {
            throw new InvalidInputException("--latency " + latencyMs + " must be between 0 and 60000 ms");
        }
        if (scenario != null && !Scenarios.exists(scenario)) {
            throw new InvalidInputException("--scenario: unknown scenario '" + dev.dicomcmk.model.Text.shorten(scenario)
                    + "'; see 'dicom-cmk sandbox scenarios'");
        }
        if (reset && stateDir == null) {
            throw new InvalidInputException("--reset needs --state-dir (a new temporary state is always fresh)");
        }
        String seeded = stateDir == null ? effectiveScenario(null) : prepare(stateDir);
        // owner-only (Files.createTempDirectory makes it 0700): it holds the client secret, the CA key and the journal
        Path dir = stateDir != null ? stateDir : Files.createTempDirectory("dicom-cmk-sandbox-");
        boolean temporary = stateDir == null;
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C: the hook ends the wait below, then holds the JVM until the state is cleaned up
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sandbox-stop");
        try (Sandbox sandbox = start(dir, seeded)) {
            Path profile = sandbox.writeProfile(dir);
            Runtime.getRuntime().addShutdownHook(hook);
            PrintWriter out = root.environment().out();
            out.println("Sandbox (scenario " + sandbox.scenario() + ") listening on https://127.0.0.1:" + sandbox.port());
            out.println("State, cloud profile and credentials: " + dir.toAbsolutePath()
                    + (temporary ? " (temporary: removed when the sandbox stops; --state-dir keeps one)" : ""));
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
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException notThere) {
                // the JVM is already stopping (the hook is running), or the run failed before the hook was added
            }
        }
        return ExitCode.OK.code();
    }

    /** The sandbox on its port, or one line naming the port and the fix. */
    private Sandbox start(Path dir, String seeded) throws IOException {
        try {
            return Sandbox.start(new SandboxConfig(port, seeded, dir, latencyMs));
        } catch (BindException e) {
            throw new InvalidInputException("--port " + port + " is in use by another program; pick another port, "
                    + "or leave out --port for any free one");
        }
    }

    /**
     * Checks a given state folder before anything is written into it: a folder we can write, and, when it holds
     * a state already, the same scenario as asked for (or --reset). Returns the scenario to seed a new state with.
     */
    private String prepare(Path dir) throws IOException {
        String named = "--state-dir " + dir;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(named + " is a file, not a folder; name a folder (it is made if missing)");
        }
        try {
            PrivateFiles.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new InvalidInputException(named + " cannot be made (" + reason(e) + "); name a folder you can write");
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidInputException(named + " is not writable; name a folder you can write");
        }
        if (reset) {
            for (String name : STATE_FILES) {
                deleteTree(dir.resolve(name));
            }
        }
        String saved;
        try {
            saved = SandboxStateFiles.scenario(dir);
        } catch (IOException e) {
            throw new InvalidInputException(named + " holds a state that cannot be read (" + reason(e)
                    + "); start it anew with --reset");
        }
        if (saved != null && scenario != null && !saved.equals(scenario)) {
            throw new InvalidInputException(named + " holds scenario " + saved + ", not " + scenario
                    + "; add --reset to seed it anew from " + scenario + " (or leave out --scenario to resume it)");
        }
        return effectiveScenario(saved);
    }

    private String effectiveScenario(String saved) {
        return scenario != null ? scenario : saved != null ? saved : "healthy";
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : m == null ? e.getClass().getSimpleName() : dev.dicomcmk.model.Text.shorten(m);
    }

    /** Removes a file or a folder and what it holds, never following a link out of it. */
    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
