package dev.dicomcmk.reliability;

import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The files that hold secrets or state — the sandbox's state (its CA key, token key, world),
 * credentials.env (the client secret), cloud.json, ca.pem — are readable by their owner only,
 * from the moment they exist (written to an owner-only temporary file, then moved), and after
 * writes update them.
 */
class PrivateFilesTest {

    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    @Test
    void sandboxStateAndProfileFilesAreOwnerOnly(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        try (Sandbox sandbox = Sandbox.start(new SandboxConfig(0, "identity-missing", state, 0))) {
            Path profile = sandbox.writeProfile(state);
            // a write makes the sandbox save its world again
            CliRunner.Result r = new CliRunner().env("AZURE_TENANT_ID", sandbox.credentials().tenantId())
                    .env("AZURE_CLIENT_ID", sandbox.credentials().clientId())
                    .env("AZURE_CLIENT_SECRET", sandbox.credentials().clientSecret())
                    .env("AZURE_SUBSCRIPTION_ID", sandbox.credentials().subscriptionId())
                    .run("--cloud", profile.toString(), "--auth", "env", "enable-identity", "--service", CommandRow.SERVICE,
                            "-g", "demo-rg", "--system-assigned", "--yes");
            assertEquals(0, r.exitCode(), r.describe());
        }
        List<Path> files;
        try (Stream<Path> all = Files.walk(state)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty());
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        for (String expected : List.of("cloud.json", "credentials.env", "ca.pem")) {
            assertFalse(!names.contains(expected), "no " + expected + " in " + names);
        }
        for (Path f : files) {
            assertEquals(OWNER_ONLY, Files.getPosixFilePermissions(f), f + " must be 0600");
        }
    }
}
