package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Main answers `--version` alone without picocli (Version): the text must be exactly picocli's. */
class VersionFastPathTest {

    @Test
    void plainVersionIsPicocliVersion() {
        CliRunner.Result r = CliRunner.exec("--version");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(r.out(), String.join(System.lineSeparator(), Version.plainVersion()) + System.lineSeparator(),
                r.describe());
    }
}
