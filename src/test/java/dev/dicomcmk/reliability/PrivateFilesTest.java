package dev.dicomcmk.reliability;

import dev.dicomcmk.sandbox.WorldViews;
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

    /**
     * Files written for the user — update-via-arm's template and parameters, --junit and --sarif reports —
     * are owner-only too, and a link planted at their path is replaced by the new file, never written
     * through (its target keeps its bytes).
     */
    @Test
    void renderedFilesAndReportsAreOwnerOnlyAndNeverWrittenThroughALink(@TempDir Path dir) throws Exception {
        Path precious = Files.writeString(dir.resolve("precious.txt"), "someone's data\n");
        Path out = Files.createDirectory(dir.resolve("out"));
        List<Path> written = List.of(out.resolve("azuredeploy.json"), out.resolve("azuredeploy.parameters.json"),
                out.resolve("report.xml"), out.resolve("report.sarif"));
        for (Path p : written) {
            Files.createSymbolicLink(p, precious);
        }
        Path saved;
        try (dev.dicomcmk.cli.SandboxCli cli = new dev.dicomcmk.cli.SandboxCli("healthy")) {
            saved = Files.writeString(dir.resolve("service.json"),
                    WorldViews.dicomService(cli.sandbox, "demo-ws", "demo-dicom").toString());
        }
        CliRunner.Result r = new CliRunner().run("update-via-arm", "--from-file", saved.toString(), "--key-url",
                "https://contoso-kv.vault.azure.net/keys/dicom-key/0123456789abcdef0123456789abcdef", "--out-dir", out.toString());
        assertEquals(0, r.exitCode(), r.describe());
        CliRunner.Result v = new CliRunner().run("validate-key", "--template",
                "src/test/resources/preflight/fail-no-identity.json", "--junit", written.get(2).toString(),
                "--sarif", written.get(3).toString());
        assertEquals(3, v.exitCode(), v.describe());
        assertEquals("someone's data\n", Files.readString(precious), "the links' target keeps its bytes");
        for (Path p : written) {
            assertFalse(Files.isSymbolicLink(p), p + " is our own file now");
            assertEquals(OWNER_ONLY, Files.getPosixFilePermissions(p), p + " must be 0600");
        }
    }
}
