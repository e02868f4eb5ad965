package dev.dicomcmk.cli;

import dev.dicomcmk.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

/**
 * What a user reads from help and from usage errors, byte for byte: the root's --help, and every
 * error picocli and the handlers print for a command line that does not parse (unknown subcommand
 * with suggestions, unknown option, missing subcommand, bad values). Each case is a golden file under
 * src/test/resources/help/ holding the exit code, stdout and stderr.
 */
class HelpGoldenTest {

    private static final Golden GOLDEN = Golden.in("help");

    @ParameterizedTest
    @ValueSource(strings = {
        "--help",
        "-h",
        "-q --help",
        "--help validate-key",
        "--sandbox --help",
        "",
        "--version",
        "-V",
        "-V --help",
        "validat-key",
        "Validate-Key --servce x",
        "VALIDATE-KEY --help",
        "validate-key --version",
        "validate-key",
        "validate-key extra",
        "validate-key --template",
        "--sandbox validate-key",
        "--output xml validate-key --key-url u",
        "--auth nope diagnose --service a/b -g c",
        "--timeout 0s diagnose",
        "rotate-key --help",
        "rotate-key",
        "enable-identity --bogus",
        "enable-identity",
        "update-via-arm --help",
        "update-via-arm",
        "diagnose --help",
        "diagnose",
        "sandbox",
        "sandbox --help",
        "sandbox bogus",
        "sandbox start --help",
        "sandbox start --port -1",
        "sandbox scenarios",
        "sandbox scenarios --bogus",
        "@/nonexistent/args-file",
        "-q",
    })
    void matchesGolden(String line) throws IOException {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        CliRunner.Result r = CliRunner.exec(args);
        String name = ("dicom-cmk " + line).strip().replaceAll("[^A-Za-z0-9-]+", "_") + ".txt";
        // the commit built changes with every commit: the golden files hold a placeholder
        String out = r.out().replace("(commit " + Version.COMMIT + ")", "(commit <commit>)");
        GOLDEN.assertMatches(name, "$ dicom-cmk " + line + "\nexit " + r.exitCode() + "\n--- stdout ---\n" + out
                + "--- stderr ---\n" + r.err());
    }
}
