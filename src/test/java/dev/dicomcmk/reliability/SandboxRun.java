package dev.dicomcmk.reliability;

import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxConfig;
import dev.dicomcmk.sandbox.SandboxCredentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sandbox the test controls (faults, clock, world) and the CLI pointed at it the way an admin
 * would: --cloud with the profile the sandbox wrote, --auth env with its service principal.
 */
final class SandboxRun implements AutoCloseable {

    final Sandbox sandbox;
    final Path dir;
    final Path profile;

    private SandboxRun(Sandbox sandbox, Path dir) throws IOException {
        this.sandbox = sandbox;
        this.dir = dir;
        this.profile = sandbox.writeProfile(dir);
    }

    static SandboxRun start(String scenario) {
        try {
            Path dir = Files.createTempDirectory("dicom-cmk-reliability-");
            return new SandboxRun(Sandbox.start(SandboxConfig.of(scenario)), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CliRunner runner() {
        SandboxCredentials c = sandbox.credentials();
        return new CliRunner()
                .env("AZURE_TENANT_ID", c.tenantId())
                .env("AZURE_CLIENT_ID", c.clientId())
                .env("AZURE_CLIENT_SECRET", c.clientSecret())
                .env("AZURE_SUBSCRIPTION_ID", c.subscriptionId());
    }

    /** dicom-cmk --cloud PROFILE --auth env ARGS. */
    CliRunner.Result run(String... args) {
        return runWithProfile(profile, args);
    }

    CliRunner.Result runWithProfile(Path cloudProfile, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--cloud";
        all[1] = cloudProfile.toString();
        all[2] = "--auth";
        all[3] = "env";
        System.arraycopy(args, 0, all, 4, args.length);
        return runner().run(all);
    }

    void inject(FaultRule... rules) {
        for (FaultRule r : rules) {
            sandbox.faults().add(r);
        }
    }

    void clearFaults() {
        sandbox.faults().clear();
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
