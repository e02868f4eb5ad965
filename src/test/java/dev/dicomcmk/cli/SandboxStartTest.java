package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sandbox start refuses what it cannot use in one line (exit 2), keeps its secrets private and cleans up after itself. */
class SandboxStartTest {

    private static final Pattern STATE_LINE = Pattern.compile("State, cloud profile and credentials: (\\S+)");

    @Test
    void aPortInUseIsNamedWithTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            CliRunner.Result r = CliRunner.exec("sandbox", "start", "--port", String.valueOf(port), "--duration", "1s");
            assertEquals(2, r.exitCode(), r.describe());
            assertEquals(1, r.err().strip().lines().count(), r.describe());
            assertTrue(r.err().contains("--port " + port + " is in use") && r.err().contains("leave out --port"), r.describe());
        }
    }

    @Test
    void aPortInUseLeavesNoTemporaryStateBehind(@TempDir Path tmp) throws Exception {
        String before = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CliRunner.Result r = CliRunner.exec("sandbox", "start", "--port", String.valueOf(taken.getLocalPort()),
                    "--duration", "1s");
            assertEquals(2, r.exitCode(), r.describe());
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count(), "a temporary state (with the client secret) is left behind");
        }
    }

    @Test
    void aStateDirThatIsAFileIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state");
        Files.writeString(file, "x");
        for (Path bad : new Path[] {file, file.resolve("below"), Path.of("/proc/dicom-cmk-state")}) {
            CliRunner.Result r = CliRunner.exec("sandbox", "start", "--state-dir", bad.toString(), "--duration", "1s");
            assertEquals(2, r.exitCode(), r.describe());
            assertEquals(1, r.err().strip().lines().count(), r.describe());
            assertTrue(r.err().contains("--state-dir " + bad), r.describe());
            assertFalse(r.err().contains("Exception") || r.err().contains("internal error"), r.describe());
        }
    }

    @Test
    @Timeout(60)
    void theTemporaryStateIsPrivateWhileServedAndRemovedOnStop() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Cli.run(
                new String[] {"sandbox", "start", "--duration", "4s"},
                new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), false, Clock.systemUTC())));
        Path dir = null;
        for (int i = 0; i < 300 && dir == null; i++) {
            Matcher m = STATE_LINE.matcher(out.toString());
            if (m.find()) {
                dir = Path.of(m.group(1));
            } else {
                Thread.sleep(50);
            }
        }
        assertTrue(dir != null, "no state line:\n" + out + err);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (String name : new String[] {"credentials.env", "state.json", "cloud.json", "ca.pem"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))), name);
        }
        assertEquals(0, run.get(), out + "\n" + err);
        assertFalse(Files.exists(dir), "the temporary state (with the client secret) outlives the sandbox: " + dir);
    }

    @Test
    @Timeout(120)
    void ctrlCRemovesTheTemporaryStateToo(@TempDir Path tmp) throws Exception {
        // the real Main in a process of its own, stopped as a terminal's Ctrl-C stops it
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), "dev.dicomcmk.Main",
                "sandbox", "start").redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        Path out = tmp.resolve("out.txt");
        Path dir = null;
        try {
            for (int i = 0; i < 1200 && dir == null; i++) {
                Matcher m = STATE_LINE.matcher(Files.exists(out) ? Files.readString(out) : "");
                if (m.find()) {
                    dir = Path.of(m.group(1));
                } else {
                    assertTrue(p.isAlive(), Files.readString(out));
                    Thread.sleep(50);
                }
            }
            assertTrue(dir != null && Files.isRegularFile(dir.resolve("credentials.env")), Files.readString(out));
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start();
            assertTrue(kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT");
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "stops on Ctrl-C");
        } finally {
            p.destroyForcibly();
        }
        assertFalse(Files.exists(dir), "the temporary state (with the client secret) outlives Ctrl-C: " + dir);
    }

    @Test
    void aGivenStateDirIsKeptOnStop(@TempDir Path dir) {
        Path state = dir.resolve("sbx");
        CliRunner.Result r = CliRunner.exec("sandbox", "start", "--state-dir", state.toString(), "--duration", "1s");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(Files.isRegularFile(state.resolve("state.json")), r.describe());
    }

    @Test
    void anotherScenarioOnAnExistingStateNeedsReset(@TempDir Path dir) {
        String state = dir.resolve("sbx").toString();
        assertEquals(0, CliRunner.exec("sandbox", "start", "--state-dir", state, "--scenario", "ec-key",
                "--duration", "1s").exitCode());
        // the same scenario, or none named: the state is resumed
        assertEquals(0, CliRunner.exec("sandbox", "start", "--state-dir", state, "--duration", "1s").exitCode());
        assertEquals(0, CliRunner.exec("sandbox", "start", "--state-dir", state, "--scenario", "ec-key",
                "--duration", "1s").exitCode());

        CliRunner.Result refused = CliRunner.exec("sandbox", "start", "--state-dir", state, "--scenario", "healthy",
                "--duration", "1s");
        assertEquals(2, refused.exitCode(), refused.describe());
        assertEquals(1, refused.err().strip().lines().count(), refused.describe());
        assertTrue(refused.err().contains("holds scenario ec-key") && refused.err().contains("--reset"), refused.describe());

        CliRunner.Result reset = CliRunner.exec("sandbox", "start", "--state-dir", state, "--scenario", "healthy",
                "--reset", "--duration", "1s");
        assertEquals(0, reset.exitCode(), reset.describe());
        assertTrue(reset.out().contains("scenario healthy"), reset.describe());
        assertEquals(0, CliRunner.exec("sandbox", "start", "--state-dir", state, "--scenario", "healthy",
                "--duration", "1s").exitCode());
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        CliRunner.Result r = CliRunner.exec("sandbox", "start", "--help");
        assertEquals(0, r.exitCode(), r.describe());
        for (String option : new String[] {"--port", "--state-dir", "--scenario", "--reset", "--latency", "--duration"}) {
            // the option's entry: its line and the indented lines that continue it
            Matcher m = Pattern.compile("(?m)^ +" + Pattern.quote(option) + "\\b.*(?:\\n {20,}.*)*").matcher(r.out());
            assertTrue(m.find() && m.group().contains("(default"), option + " without its default:\n" + r.out());
        }
        // the options of commands that call Azure do not apply to a sandbox that is Azure
        for (String azureOnly : new String[] {"--subscription", "--tenant", "--auth", "--cloud", "--sandbox", "--timeout"}) {
            assertFalse(Pattern.compile("(?m)^ +(-\\w, )?" + Pattern.quote(azureOnly) + "\\b").matcher(r.out()).find()
                    || r.out().contains("[" + azureOnly), azureOnly + " does not apply:\n" + r.out());
        }
    }
}
