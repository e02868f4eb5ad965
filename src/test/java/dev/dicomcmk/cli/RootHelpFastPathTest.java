package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Main answers `--help` alone without picocli (RootHelp): the text and its colours must be exactly picocli's. */
class RootHelpFastPathTest {

    private static final String LINUX = "Linux";

    @Test
    void onlyTheRootsHelpAloneIsAnsweredEarly() {
        assertTrue(RootHelp.asked(new String[] {"--help"}));
        assertTrue(RootHelp.asked(new String[] {"-h"}));
        assertFalse(RootHelp.asked(new String[] {"--help", "validate-key"}));
        assertFalse(RootHelp.asked(new String[] {"validate-key", "-h"}));
        assertFalse(RootHelp.asked(new String[] {"--no-color", "--help"}));
        assertFalse(RootHelp.asked(new String[0]));
    }

    @Test
    void plainTextIsWhatPicocliPrintsForHelp() {
        CliRunner.Result picocli = CliRunner.exec("--help");
        assertEquals(0, picocli.exitCode(), picocli.describe());
        assertEquals(picocli.out(), printed(Map.of(), false));
        assertEquals(CliRunner.exec("-h").out(), printed(Map.of(), false));
    }

    @Test
    void colouredTextIsPicocliWithColours() {
        String coloured = printed(Map.of(), true);
        assertEquals(Cli.renderRootHelp(true), coloured);
        assertTrue(coloured.contains("\u001B["), "picocli's ANSI colours");
        assertEquals(printed(Map.of(), false), coloured.replaceAll("\u001B\\[[0-9;]*m", ""),
                "the same help, colours aside");
    }

    @Test
    void coloursAreChosenAsPicocliAnsiAutoWould() {
        assertEquals(Boolean.TRUE, RootHelp.colour(Map.of(), true, LINUX, null), "a terminal");
        assertEquals(Boolean.FALSE, RootHelp.colour(Map.of(), false, LINUX, null), "a pipe or a file");
        assertEquals(Boolean.FALSE, RootHelp.colour(Map.of("NO_COLOR", ""), true, LINUX, null));
        assertEquals(Boolean.FALSE, RootHelp.colour(Map.of("NO_COLOR", "1", "CLICOLOR_FORCE", "1"), true, LINUX, null));
        assertEquals(Boolean.TRUE, RootHelp.colour(Map.of("CLICOLOR_FORCE", "1"), false, LINUX, null));
        assertEquals(Boolean.FALSE, RootHelp.colour(Map.of("CLICOLOR_FORCE", "0"), false, LINUX, null));
        assertEquals(Boolean.FALSE, RootHelp.colour(Map.of("CLICOLOR", "0"), true, LINUX, null));
        assertEquals(Boolean.FALSE, RootHelp.colour(Map.of("ConEmuANSI", "OFF"), true, LINUX, null));
        assertEquals(Boolean.TRUE, RootHelp.colour(Map.of("CLICOLOR", "1"), true, LINUX, null));
        assertNull(RootHelp.colour(Map.of(), true, "Windows 11", null), "picocli also asks jansi there");
        assertNull(RootHelp.colour(Map.of(), false, LINUX, "true"), "the picocli.ansi property decides");
        assertNull(RootHelp.colour(Map.of(), false, LINUX, "tty"));
    }

    @Test
    void aColourDecisionForPicocliLeavesTheRunToPicocli() {
        // the test JVM runs with -Dpicocli.ansi=false (surefire), so the public entry defers to picocli
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertFalse(RootHelp.print(out, Map.of(), false));
        assertEquals(0, out.size(), "nothing printed: picocli prints the help");
        assertFalse(RootHelp.print(out, null));
        assertEquals(0, out.size());
    }

    private static String printed(Map<String, String> env, boolean console) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(RootHelp.print(out, RootHelp.colour(env, console, LINUX, null)));
        return out.toString(StandardCharsets.UTF_8);
    }
}
