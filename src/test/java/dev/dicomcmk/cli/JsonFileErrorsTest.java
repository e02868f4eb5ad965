package dev.dicomcmk.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broken JSON input file is named with the line and column where it breaks and what was expected there, and
 * nothing of its content is echoed: a wrong file (a credentials file, a parameters file with a secure value) can
 * hold a secret, and the error lands in CI logs.
 */
class JsonFileErrorsTest {

    private static final String SECRET = "s3cr3tValueXyz";

    /** Each broken file puts the secret where a parser quoting the text around an error would print it. */
    static Stream<Arguments> brokenFiles() {
        List<String> bodies = List.of(
                "{\n  \"password\": " + SECRET + "\n}\n",                    // a bare word where a value goes
                "{\n  \"password\": \"" + SECRET + "\"\n  \"next\": 1\n}\n",  // a missing comma after the secret
                "{\n  \"password\": \"" + SECRET + "\",\n",                   // the file ends early
                "{\n  " + SECRET + ": 1\n}\n",                                // a field name without quotes
                "{\n  \"password\": \"" + SECRET + "\",\n  \"password\": \"" + SECRET + "\"\n}\n"); // twice
        List<List<String>> commands = List.of(
                List.of("validate-key", "--template", "FILE"),
                List.of("validate-key", "--template", "GOOD", "--parameters", "FILE"),
                List.of("validate-key", "--terraform-plan", "FILE"),
                List.of("--cloud", "FILE", "validate-key", "--service", "demo-ws/demo-dicom", "-g", "rg",
                        "--subscription", "00000000-0000-0000-0000-000000000001"),
                List.of("update-via-arm", "--from-file", "FILE", "--key-url",
                        "https://myvault.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef", "--out-dir", "OUT"));
        return commands.stream().flatMap(c -> bodies.stream().map(b -> Arguments.of(c, b)));
    }

    @ParameterizedTest
    @MethodSource("brokenFiles")
    void aBrokenFileIsNamedWithWhereItBreaksAndNeverEchoed(List<String> command, String body, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("input.json");
        Files.writeString(file, body);
        Path good = dir.resolve("good.json");
        Files.writeString(good, "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/"
                + "deploymentTemplate.json#\", \"contentVersion\": \"1.0.0.0\", \"resources\": []}");
        String[] args = command.stream().map(a -> switch (a) {
            case "FILE" -> file.toString();
            case "GOOD" -> good.toString();
            case "OUT" -> dir.resolve("out").toString();
            default -> a;
        }).toArray(String[]::new);
        CliRunner.Result r = CliRunner.exec(args);
        assertEquals(2, r.exitCode(), r.describe());
        String all = r.out() + r.err();
        assertFalse(all.contains(SECRET), "the file's content is echoed:\n" + r.describe());
        assertFalse(all.contains("Source:") || all.contains("code 1") || all.contains("JsonParser")
                || all.contains("Jackson"), "parser internals:\n" + r.describe());
        if (body.indexOf("\"password\"") != body.lastIndexOf("\"password\"")
                && (command.contains("--cloud") || command.contains("--from-file"))) {
            return; // valid JSON to these readers (a later name wins); refused further on, without the content
        }
        assertTrue(r.err().contains("input.json") && r.err().matches("(?s).*line \\d+, column \\d+.*"),
                "names the file, line and column:\n" + r.describe());
        assertTrue(r.err().contains("expected") || r.err().contains("twice"), "says what was expected:\n" + r.describe());
        assertEquals(1, r.err().strip().lines().count(), "one line:\n" + r.describe());
    }
}
