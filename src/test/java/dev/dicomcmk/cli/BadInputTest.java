package dev.dicomcmk.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed and hostile input ends with exit 2 and one line naming the problem: no stack trace,
 * no Azure call (none of these reach the network: validation comes first).
 */
class BadInputTest {

    private static final String V = "0123456789abcdef0123456789abcdef";
    private static final String SUB = "11111111-2222-3333-4444-555555555555";
    private static final String SVC = "--service=ws1/dicom1";

    @TempDir
    static Path tmp;

    static Stream<List<String>> badInputs() throws IOException {
        Path badProfile = Files.writeString(tmp.resolve("bad-profile.json"), "{\"resourceManagerEndpoint\": ");
        Path httpProfile = Files.writeString(tmp.resolve("http-profile.json"), "{\"resourceManagerEndpoint\":\"http://m.test\","
                + "\"authorityHost\":\"https://l.test\",\"keyVaultDnsSuffix\":\"v.test\",\"managedHsmDnsSuffix\":\"h.test\"}");
        List<List<String>> all = new ArrayList<>();
        String[][] cases = {
            {"validate-key"},
            {"validate-key", "--key-url", "http://kv1.vault.azure.net/keys/k/" + V},
            {"validate-key", "--key-url", "https://kv1.vault.azure.net/keys/k"},
            {"validate-key", "--key-url", "https://kv1.vault.azure.com/keys/k/" + V},
            {"validate-key", "--key-url", "https://kv1.vault.azure.net/keys/k/" + V + "/extra"},
            {"validate-key", "--key-url", "https://kv1.vault.azure.net/keys/k/zzzz456789abcdef0123456789abcdef"},
            {"validate-key", "--key-url", "https://kv1.vault.azure.net/secrets/k/" + V},
            {"validate-key", "--key-url", "https://kv1.vault.azure.net:8443/keys/k/" + V},
            {"validate-key", "--key-url", "https://kv1.vault.azure.net/keys/k/" + V + "?x=1"},
            {"validate-key", "--key-url", "https://kv1.vault.azure.net/keys/ключ/" + V},
            {"validate-key", "--key-url", "https://kv1.vault.azure.net/keys/" + "k".repeat(10_000) + "/" + V},
            {"validate-key", "--key-url", "https://kv1.vault.azure.net/keys/k\u001b]0;pwned\u0007/" + V},
            {"validate-key", "--key-url", ""},
            {"validate-key", SVC},
            {"validate-key", SVC, "--resource-group", "rg", "--subscription", "not-a-guid"},
            {"validate-key", "--service", "just-one-part", "-g", "rg", "--subscription", SUB},
            {"validate-key", "--service", "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"},
            {"validate-key", "--service", "/subscriptions/xyz/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/w1/dicomservices/d1"},
            {"validate-key", "--service", "ws/d/x", "-g", "rg", "--subscription", SUB},
            {"validate-key", "--service", "w\u00e9s/dicom1", "-g", "rg", "--subscription", SUB},
            {"validate-key", SVC, "-g", "bad/group", "--subscription", SUB},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--cloud", "AzureMoonCloud"},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--cloud", tmp.resolve("missing.json").toString()},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--cloud", badProfile.toString()},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--cloud", httpProfile.toString()},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--expiry-horizon", "ten days"},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--max-age", "-5d"},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--timeout", "0s"},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--timeout", "forever"},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "-o", "yaml"},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--auth", "password"},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--junit", badProfile.resolve("r.xml").toString()},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--sarif", tmp.toString()},
            {"validate-key", SVC, "-g", "rg", "--subscription", SUB, "--sandbox", "no-such-scenario"},
            {"validate-key", SVC, "-g", "rg", "--sandbox", "--cloud", "AzureCloud"},
            {"validate-key", "--key-url"},
            {"validate-key", "--frobnicate"},
            {"validate-kee", SVC},
            {"rotate-key", SVC},
            {},
            {"sandbox"},
            {"sandbox", "start", "--port", "70000"},
            {"sandbox", "start", "--scenario", "nope"},
            {"sandbox", "start", "--latency", "-1"},
        };
        for (String[] c : cases) {
            all.add(List.of(c));
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void endsWithExit2AndOneLine(List<String> args) {
        CliRunner.Result r = new CliRunner().env("AZURE_SUBSCRIPTION_ID", "").run(args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.describe());
        assertEquals("", r.out(), r.describe());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "expected one line\n" + r.describe());
        assertTrue(lines.get(0).startsWith("dicom-cmk: "), r.describe());
        assertFalse(r.err().contains("Exception"), r.describe());
        assertFalse(r.err().contains("\tat "), r.describe());
        assertFalse(r.err().chars().anyMatch(c -> c < 0x20 && c != '\n'), "raw control character\n" + r.describe());
        assertTrue(lines.get(0).length() < 400, "message too long\n" + r.describe());
    }
}
