package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxConfig;
import dev.dicomcmk.sandbox.SandboxCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --debug against a separately started sandbox (the way `sandbox start` is used from another
 * shell): the HTTP log is there, and neither the client secret nor any bearer token the sandbox
 * issued appears anywhere in the output.
 */
class DebugRedactionTest {

    @Test
    void debugLogNeverShowsTokensOrSecrets(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(new SandboxConfig(0, "healthy", dir, 0))) {
            Path profile = sandbox.writeProfile(dir);
            SandboxCredentials c = sandbox.credentials();
            CliRunner.Result r = new CliRunner()
                    .env("AZURE_TENANT_ID", c.tenantId())
                    .env("AZURE_CLIENT_ID", c.clientId())
                    .env("AZURE_CLIENT_SECRET", c.clientSecret())
                    .env("AZURE_SUBSCRIPTION_ID", c.subscriptionId())
                    .run("--cloud", profile.toString(), "--auth", "env", "--debug", "validate-key",
                            "--service", "demo-ws/demo-dicom", "-g", "demo-rg");
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.err().contains("debug: http"), "no HTTP log\n" + r.describe());
            assertTrue(r.err().contains("/oauth2/v2.0/token"), "token request not logged\n" + r.describe());
            String all = r.out() + r.err();
            assertFalse(all.contains(c.clientSecret()), "client secret printed");
            // every access token the sandbox issues is a JWT, and every JWT starts with base64url('{"')
            assertFalse(all.contains("eyJ"), "a bearer token (JWT) was printed");
            assertFalse(all.toLowerCase().contains("authorization:"), "authorization header printed");
        }
    }

    @Test
    void wrongSecretIsExit4WithEntrasCode(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(new SandboxConfig(0, "healthy", dir, 0))) {
            Path profile = sandbox.writeProfile(dir);
            SandboxCredentials c = sandbox.credentials();
            String wrong = "not-the-secret-" + System.nanoTime();
            CliRunner.Result r = new CliRunner()
                    .env("AZURE_TENANT_ID", c.tenantId())
                    .env("AZURE_CLIENT_ID", c.clientId())
                    .env("AZURE_CLIENT_SECRET", wrong)
                    .run("--cloud", profile.toString(), "--auth", "env", "--debug", "--subscription", c.subscriptionId(),
                            "validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg");
            assertEquals(4, r.exitCode(), r.describe());
            assertTrue(r.err().contains("invalid_client") || r.err().contains("AADSTS7000215"), r.describe());
            assertFalse((r.out() + r.err()).contains(wrong), "the wrong secret was printed");
        }
    }
}
