package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.FaultRule;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The long waits that used to be silent say what is happening: a slow sign-in, diagnose --watch between its
 * checks, rotate-key's --verify-for countdown. In a log: timestamped lines; on a terminal (a pseudo-terminal made by
 * script(1)): a status line redrawn in place; with -q: nothing; with -o json: never on stdout.
 */
class StatusLinesTest {

    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\.\\.\\. ";
    private static final String ERASE = "\u001b[1G\u001b[2K";
    private static final String[] VALIDATE = {"validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg"};
    private static final String[] WATCH = {"diagnose", "--service", "demo-ws/demo-dicom", "-g", "demo-rg",
        "--watch", "--interval", "1s", "--until-healthy", "3s"};

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aSlowSignInIsToldInTheLogAndAQuickOneIsNot() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            cli.run(VALIDATE); // a cold start's first sign-in may be slow, and then it is told about
            CliRunner.Result quick = cli.run(VALIDATE);
            assertEquals(0, quick.exitCode(), quick.describe());
            assertFalse(quick.err().contains("signing in"), quick.describe());

            cli.sandbox.faults().add(FaultRule.latency((int) Progress.SLOW_IN_LOG.toMillis() + 600).forHost("login\\..*"));
            CliRunner.Result slow = cli.run(VALIDATE);
            assertEquals(0, slow.exitCode(), slow.describe());
            assertTrue(slow.err().matches("(?s)(.*\n)?" + STAMP + "signing in at login\\.sandbox\\.test\n.*"), slow.describe());

            CliRunner.Result quiet = cli.run(with(VALIDATE, "-q"));
            assertEquals(0, quiet.exitCode(), quiet.describe());
            assertEquals("", quiet.err(), quiet.describe());

            CliRunner.Result json = cli.run(with(VALIDATE, "-o", "json"));
            assertEquals(0, json.exitCode(), json.describe());
            new ObjectMapper().readTree(json.out()); // stdout is the one JSON document, nothing else
            assertFalse(json.out().contains("signing in"), json.describe());
            assertTrue(json.err().contains("signing in"), json.describe());
        }
    }

    @Test
    void aWatchSaysItIsWatchingInTheLogButNeverOnJsonOrWithQuiet() throws Exception {
        try (SandboxCli cli = new SandboxCli("key-disabled")) {
            CliRunner.Result log = cli.run(WATCH);
            assertEquals(3, log.exitCode(), log.describe());
            assertTrue(log.err().matches("(?s)(.*\n)?" + STAMP + "watching until healthy: a check every 1 seconds? "
                    + "for up to 3 seconds\n.*"), log.describe());

            CliRunner.Result quiet = cli.run(with(WATCH, "-q"));
            assertEquals(3, quiet.exitCode(), quiet.describe());
            assertEquals("", quiet.err(), quiet.describe());

            CliRunner.Result json = cli.run(with(WATCH, "-o", "json"));
            assertEquals(3, json.exitCode(), json.describe());
            new ObjectMapper().readTree(json.out());
            assertFalse(json.out().contains("watching until"), json.describe());
        }
    }

    @Test
    void onATerminalTheWatchAndTheVerifyWindowCountDownInPlace() throws Exception {
        String diagnose = onTerminal("--sandbox key-disabled --no-color diagnose --service demo-ws/demo-dicom -g demo-rg "
                + "--watch --interval 1s --until-healthy 5s");
        assertTrue(diagnose.contains(ERASE + "... watching until healthy: 1 check, last BROKEN, "), diagnose);
        assertTrue(diagnose.matches("(?s).*" + java.util.regex.Pattern.quote(ERASE)
                + "\\.\\.\\. watching until healthy: [2-9] checks, last BROKEN, \\d seconds left.*"), diagnose);

        String rotate = onTerminal("--sandbox healthy --no-color rotate-key --service demo-ws/demo-dicom -g demo-rg "
                + "--new-version --verify-for 6s -y");
        assertTrue(rotate.matches("(?s).*" + java.util.regex.Pattern.quote(ERASE)
                + "\\.\\.\\. watching the service: healthy so far, \\d+ seconds left.*"), rotate);
    }

    /** The real Main in a pseudo-terminal: what the screen received, stdout and stderr together. */
    private static String onTerminal(String args) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) from util-linux");
        String java = ProcessHandle.current().info().command().orElse("java");
        Path state = Files.createTempDirectory("dicom-cmk-status-");
        String command = "XDG_STATE_HOME='" + state + "' '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' dev.dicomcmk.Main " + args + " 2>&1";
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
