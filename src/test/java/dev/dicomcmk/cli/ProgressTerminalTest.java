package dev.dicomcmk.cli;

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
 * On a terminal, progress is a status line redrawn in place (jansi's erase-line), erased before the report:
 * the real Main in a pseudo-terminal made by script(1), over a sandbox fleet.
 */
class ProgressTerminalTest {

    private static final String ERASE = "\u001b[1G\u001b[2K";

    @Test
    void aFleetCheckOnATerminalDrawsACounterInPlace() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) from util-linux");
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "'" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' dev.dicomcmk.Main --sandbox fleet-12 --no-color validate-key --all --parallel 2 2>&1";
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        String seen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), seen);
        assertTrue(seen.contains(ERASE + "... checking 13 services"), seen);
        for (int n = 1; n <= 13; n++) {
            assertTrue(seen.contains(ERASE + "... checking 13 services: " + n + "/13 done"), "count " + n + ": " + seen);
        }
        // the line is erased before the report, and once more when the run ends: no status is left on the screen
        int table = seen.indexOf("SERVICE ");
        assertTrue(table > 0 && seen.substring(0, table).endsWith(ERASE), seen);
        assertTrue(seen.lastIndexOf(ERASE) > seen.lastIndexOf("... checking"), seen);
        assertTrue(seen.contains("\n13 services: "), seen);
        assertFalse(seen.matches("(?s).*\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\.\\.\\. .*"), "no log lines: " + seen);
    }
}
