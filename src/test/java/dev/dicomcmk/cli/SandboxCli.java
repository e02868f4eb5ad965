package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxConfig;
import dev.dicomcmk.sandbox.SandboxCredentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sandbox started by the test (so the test can inject faults and read its state) and a CLI
 * pointed at it the way an admin would: --cloud with the written profile, --auth env.
 */
final class SandboxCli implements AutoCloseable {

    final Sandbox sandbox;
    final Path profile;

    SandboxCli(String scenario) throws IOException {
        Path dir = Files.createTempDirectory("dicom-cmk-test-");
        sandbox = Sandbox.start(new SandboxConfig(0, scenario, null, 0));
        profile = sandbox.writeProfile(dir);
    }

    CliRunner runner() {
        SandboxCredentials c = sandbox.credentials();
        return new CliRunner()
                .env("AZURE_TENANT_ID", c.tenantId())
                .env("AZURE_CLIENT_ID", c.clientId())
                .env("AZURE_CLIENT_SECRET", c.clientSecret())
                .env("AZURE_SUBSCRIPTION_ID", c.subscriptionId());
    }

    /** Runs dicom-cmk --cloud <profile> --auth env ARGS. */
    CliRunner.Result run(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--cloud";
        all[1] = profile.toString();
        all[2] = "--auth";
        all[3] = "env";
        System.arraycopy(args, 0, all, 4, args.length);
        return runner().run(all);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
