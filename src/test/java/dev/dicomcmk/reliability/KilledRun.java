package dev.dicomcmk.reliability;

import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.FaultRule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command in a JVM of its own, killed with SIGKILL the moment the sandbox has accepted the write
 * a stall rule holds: no shutdown hook, no journal end, no lock release — what cron's timeout or an
 * OOM killer leaves behind. The process runs Main from the test's own class path, signed in as
 * {@link SandboxRun#runner()} signs in, with the same state folder.
 */
final class KilledRun {

    /** The exit code a killed run is reported with (no process exits with it). */
    static final int KILLED = -9;
    private static final long WAIT_MS = 120_000;

    private KilledRun() {
    }

    static CliRunner.Result killWhenAccepted(SandboxRun s, FaultRule stall, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.dicomcmk.Main", "--cloud", s.profile.toString(),
                "--auth", "env"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AZURE_") || k.startsWith("XDG_") || k.startsWith("DICOM_CMK_"));
        env.putAll(s.runner().environment());
        try {
            Path out = Files.createTempFile(s.dir, "killed", ".out");
            pb.redirectErrorStream(true).redirectOutput(out.toFile());
            Process p = pb.start();
            try {
                long deadline = System.currentTimeMillis() + WAIT_MS;
                while (s.sandbox.faults().rules().stream().anyMatch(r -> r == stall)) {
                    if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                        return new CliRunner.Result(p.isAlive() ? KILLED : p.exitValue(), Files.readString(out),
                                "the write was never sent: the stall rule is still waiting", args.toArray(String[]::new));
                    }
                    Thread.sleep(20);
                }
                Thread.sleep(100); // the sandbox applies the write before it stalls the answer
            } finally {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            return new CliRunner.Result(KILLED, Files.readString(out), "(killed)", args.toArray(String[]::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
