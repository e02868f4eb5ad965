package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress off a terminal: timestamped lines, a heartbeat at most every interval, nothing with -q. */
class ProgressTest {

    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\.\\.\\. ";

    @Test
    void aLogGetsATimestampedLineEachStepAndAHeartbeatWhileOneLasts() throws Exception {
        StringWriter text = new StringWriter();
        Duration beat = Duration.ofMillis(300);
        long started = System.nanoTime();
        try (Progress p = Progress.inLog(new PrintWriter(text), Clock.systemUTC(), beat)) {
            p.step("deploying d1");
            p.step("deploying d1"); // a poll that says the same again is no new line
            p.update("deploying d1: 3/9 done");
            Thread.sleep(1000);
            p.step("verifying");
        }
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        List<String> lines = Arrays.asList(text.toString().split("\n"));
        assertTrue(lines.stream().allMatch(l -> l.matches(STAMP + ".*")), text.toString());
        assertEquals(STAMP + "deploying d1", STAMP + lines.get(0).replaceFirst(STAMP, ""), text.toString());
        long beats = lines.stream().filter(l -> l.matches(STAMP + "still deploying d1: 3/9 done \\(\\d+s\\)")).count();
        assertTrue(beats >= 1 && beats <= elapsedMillis / beat.toMillis(), "at most one heartbeat an interval: " + text);
        assertTrue(lines.get(lines.size() - 1).matches(STAMP + "verifying"), text.toString());
        assertEquals(2 + beats, lines.size(), text.toString());
    }

    @Test
    void quietIsSilent() {
        CliRunner.Result r = CliRunner.exec("--sandbox", "fleet-3", "-q", "validate-key", "--all");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals("", r.err(), r.describe());
    }

    @Test
    void aFleetOffATerminalSaysWhatItChecksInATimestampedLine() {
        CliRunner.Result r = CliRunner.exec("--sandbox", "fleet-3", "validate-key", "--all");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.err().matches(STAMP + "checking 4 services\n"), r.describe());
    }

    @Test
    void onATerminalTheClockNeverDrawsOverLaterOutputSuchAsAPrompt() throws Exception {
        StringWriter screen = new StringWriter();
        TerminalLine line = new TerminalLine(screen);
        PrintWriter out = line.wrap(screen, false);
        try (Progress p = Progress.onTerminal(line, Clock.systemUTC())) {
            p.step("what-if of 3 services");
            out.print("Proceed? [y/N] ");
            out.flush();
            Thread.sleep(2300); // two ticks of the clock
            assertTrue(screen.toString().endsWith("\u001b[1G\u001b[2KProceed? [y/N] "), screen.toString());
            p.step("deploying");
            assertTrue(screen.toString().endsWith("\u001b[1G\u001b[2K... deploying"), screen.toString());
        }
        assertTrue(screen.toString().endsWith("\u001b[1G\u001b[2K"), "erased at the end: " + screen);
    }
}
