package dev.dicomcmk.reliability;

import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plain http:// is refused outside the sandbox, and a sample of the fuzzers' hostile inputs,
 * given to the real command line, ends with exit 2 and one escaped line before any network call.
 */
class RefusedInputTest {

    @Test
    void httpEndpointsAreRefusedWithExit2(@TempDir Path dir) throws Exception {
        Path httpCloud = Files.writeString(dir.resolve("cloud.json"), "{\"resourceManagerEndpoint\":\"http://management.lab.example/\","
                + "\"authorityHost\":\"https://login.lab.example/\",\"keyVaultDnsSuffix\":\"vault.lab.example\","
                + "\"managedHsmDnsSuffix\":\"managedhsm.lab.example\"}");
        Path httpLogin = Files.writeString(dir.resolve("login.json"), "{\"resourceManagerEndpoint\":\"https://management.lab.example/\","
                + "\"authorityHost\":\"http://login.lab.example/\",\"keyVaultDnsSuffix\":\"vault.lab.example\","
                + "\"managedHsmDnsSuffix\":\"managedhsm.lab.example\"}");
        for (String[] args : List.of(
                new String[] {"--cloud", httpCloud.toString(), "validate-key", "--key-url",
                        "https://kv1.vault.lab.example/keys/k/0123456789abcdef0123456789abcdef"},
                new String[] {"--cloud", httpLogin.toString(), "validate-key", "--key-url",
                        "https://kv1.vault.lab.example/keys/k/0123456789abcdef0123456789abcdef"},
                new String[] {"validate-key", "--key-url", "http://kv1.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef"})) {
            CliRunner.Result r = CliRunner.exec(args);
            assertEquals(2, r.exitCode(), r.describe());
            assertTrue(r.err().contains("https"), r.describe());
            assertEquals(1, r.err().lines().count(), r.describe());
        }
    }

    @Test
    void hostileKeyUrlsThroughTheCliAreExit2AndOneEscapedLine() {
        List<String> refused = new ArrayList<>();
        for (String input : new Fuzz(ParserFuzzTest.SEED).inputs(List.of(
                "https://kv1.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef"), 2000)) {
            try {
                KeyUrl.parse(input, "vault.azure.net", "managedhsm.azure.net");
            } catch (InvalidInputException e) {
                // only inputs the parser refuses: a valid one would reach out to Azure
                if (!input.isEmpty() && !input.startsWith("-")) {
                    refused.add(input);
                }
            }
            if (refused.size() == 60) {
                break;
            }
        }
        assertEquals(60, refused.size());
        for (String input : refused) {
            CliRunner.Result r = CliRunner.exec("validate-key", "--key-url", input);
            String why = "input " + Fuzz.show(input) + "\n" + Fuzz.show(r.err());
            assertEquals(2, r.exitCode(), why);
            assertEquals(1, r.err().lines().count(), "one line\n" + why);
            assertFalse(r.err().chars().anyMatch(c -> (c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0)),
                    "a raw control character reached the terminal\n" + why);
            assertTrue(r.err().length() < 1500, "a " + r.err().length() + "-character error line\n" + why);
        }
    }
}
