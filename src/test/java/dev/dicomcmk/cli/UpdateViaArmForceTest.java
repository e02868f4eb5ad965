package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * update-via-arm --deploy --force: it names every failing check it overrides, and it never deploys a key version
 * that does not exist (exit 5) or is disabled (exit 3): --force overrides requirement verdicts, not the key.
 */
class UpdateViaArmForceTest {

    private static String[] deploy(String... more) {
        List<String> all = new ArrayList<>(List.of("update-via-arm", "--service", "demo-ws/demo-dicom", "-g", "demo-rg",
                "--deploy", "--force"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void namesEveryCheckItOverrides() throws Exception {
        try (SandboxCli cli = new SandboxCli("weak-key")) {
            CliRunner.Result r = cli.run(deploy("-o", "json"));
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.err().contains("warning: --force overrides KEY-SIZE: RSA 4096 bits"), r.describe());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals("KEY-SIZE", doc.path("overridden").path(0).asText(), r.describe());
            assertEquals(1, cli.sandbox.requestLog().deploymentPuts().size(), r.describe());
        }
    }

    @Test
    void neverDeploysAVersionThatDoesNotExist() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String missing = "https://demo-kv.vault.sandbox.test/keys/demo-key/0123456789abcdef0123456789abcdef";
            CliRunner.Result r = cli.run(deploy("--key-url", missing));
            assertEquals(5, r.exitCode(), r.describe());
            assertTrue(r.err().contains("not deployed:") && r.err().contains("--force overrides failing requirements, "
                    + "not a key version that cannot be used"), r.describe());
            assertEquals(0, cli.sandbox.requestLog().deploymentPuts().size(), r.describe());
            assertEquals(0, cli.sandbox.requestLog().writes(), r.describe());
        }
    }

    @Test
    void neverDeploysADisabledVersion() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String v1 = cli.sandbox.world().keyVersions("demo-kv", "demo-key").get(0);
            cli.sandbox.world().setKeyEnabled("demo-kv", "demo-key", v1, false);
            CliRunner.Result r = cli.run(deploy("--key-url", "https://demo-kv.vault.sandbox.test/keys/demo-key/" + v1));
            assertEquals(3, r.exitCode(), r.describe());
            assertTrue(r.err().contains("key version " + v1 + " is disabled"), r.describe());
            assertEquals(0, cli.sandbox.requestLog().deploymentPuts().size(), r.describe());
        }
    }
}
