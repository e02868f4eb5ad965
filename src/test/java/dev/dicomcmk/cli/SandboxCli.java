package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxConfig;
import dev.dicomcmk.sandbox.SandboxCredentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sandbox started by the test (so the test can inject faults and read its state) and a CLI
 * pointed at it the way an admin would: --cloud with the written profile, --auth env with the
 * sandbox's service principal.
 */
public class SandboxCli implements AutoCloseable {

    public final Sandbox sandbox;
    /** where the profile, CA and credentials were written */
    public final Path dir;
    public final Path profile;

    public SandboxCli(String scenario) throws IOException {
        this(scenario, false);
    }

    /** With {@code persistent}, the sandbox keeps its state (and its events.jsonl) in {@link #dir}, as 'sandbox start' does. */
    public SandboxCli(String scenario, boolean persistent) throws IOException {
        dir = Files.createTempDirectory("dicom-cmk-test-");
        sandbox = Sandbox.start(new SandboxConfig(0, scenario, persistent ? dir : null, 0));
        profile = sandbox.writeProfile(dir);
    }

    public CliRunner runner() {
        SandboxCredentials c = sandbox.credentials();
        return new CliRunner()
                .env("AZURE_TENANT_ID", c.tenantId())
                .env("AZURE_CLIENT_ID", c.clientId())
                .env("AZURE_CLIENT_SECRET", c.clientSecret())
                .env("AZURE_SUBSCRIPTION_ID", c.subscriptionId())
                // a rehearsal keeps rotate-key's journal and locks beside its profile; were one to leak into
                // the real state folder, it would land in the test's own folder, not the user's
                .env("XDG_STATE_HOME", dir.resolve("state").toString());
    }

    /** Where rotate-key keeps its journal for this sandbox: beside the cloud profile, in the sandbox's own folder. */
    public Path journalFile() {
        return dir.resolve("journal.jsonl");
    }

    /** Runs dicom-cmk --cloud <profile> --auth env ARGS. */
    public CliRunner.Result run(String... args) {
        return runWithProfile(profile, args);
    }

    /** As {@link #run}, with another cloud profile (e.g. one without the sandbox's CA). */
    public CliRunner.Result runWithProfile(Path cloudProfile, String... args) {
        return runner().run(withProfile(cloudProfile, args));
    }

    /** --cloud PROFILE --auth env ARGS, for a {@link #runner()} set up further (e.g. with terminal input). */
    public static String[] withProfile(Path cloudProfile, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--cloud";
        all[1] = cloudProfile.toString();
        all[2] = "--auth";
        all[3] = "env";
        System.arraycopy(args, 0, all, 4, args.length);
        return all;
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
