package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Safety invariant I7, the question: with stdin a terminal and no --yes every write asks (on stderr), after
 * showing what it will change; "no" is exit 8 with nothing written, "yes" goes ahead. Stdout plays no part.
 */
class ConfirmationTest {

    private static final String[] SERVICE = {"--service", "demo-ws/demo-dicom", "-g", "demo-rg"};

    private static String[] with(String command, String... more) {
        String[] all = new String[1 + SERVICE.length + more.length];
        all[0] = command;
        System.arraycopy(SERVICE, 0, all, 1, SERVICE.length);
        System.arraycopy(more, 0, all, 1 + SERVICE.length, more.length);
        return all;
    }

    private static CliRunner.Result typing(SandboxCli cli, String typed, String... args) {
        return cli.runner().terminalInput(typed).run(SandboxCli.withProfile(cli.profile, args));
    }

    @Test
    void enableIdentityShowsThePlanAsksAndNoIsExit8WithNothingWritten() throws Exception {
        try (SandboxCli cli = new SandboxCli("identity-missing")) {
            CliRunner.Result no = typing(cli, "n\n", with("enable-identity", "--system-assigned", "--grant-key-access"));
            assertEquals(8, no.exitCode(), no.describe());
            assertTrue(no.err().contains("as planned above? [y/N]"), no.describe());
            assertTrue(no.out().contains("set-identity"), "the plan comes before the question: " + no.describe());
            assertTrue(no.err().contains("declined; nothing changed"), no.describe());
            assertEquals(0, cli.sandbox.requestLog().writes(), no.describe());

            CliRunner.Result nothing = typing(cli, "", with("enable-identity", "--system-assigned"));
            assertEquals(8, nothing.exitCode(), "end of input is no answer, so no: " + nothing.describe());
            assertEquals(0, cli.sandbox.requestLog().writes(), nothing.describe());

            CliRunner.Result yes = typing(cli, "y\n", with("enable-identity", "--system-assigned", "--grant-key-access"));
            assertEquals(0, yes.exitCode(), yes.describe());
            assertTrue(cli.sandbox.requestLog().writes() > 0, yes.describe());
        }
    }

    @Test
    void updateViaArmShowsTheWhatIfBeforeAsking() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String v1 = cli.sandbox.world().keyVersions("demo-kv", "demo-key").get(0);
            String older = "https://demo-kv.vault.sandbox.test/keys/demo-key/" + v1;
            CliRunner.Result no = typing(cli, "no\n", with("update-via-arm", "--deploy", "--key-url", older));
            assertEquals(8, no.exitCode(), no.describe());
            int whatIf = no.err().indexOf("properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl");
            assertTrue(whatIf >= 0 && whatIf < no.err().indexOf("[y/N]"),
                    "ARM's what-if is shown before the question: " + no.describe());
            assertTrue(no.err().contains("? [y/N]"), no.describe());
            assertEquals(0, cli.sandbox.requestLog().deploymentPuts().size(), no.describe());
            assertEquals(0, cli.sandbox.requestLog().writes(), no.describe());
        }
    }

    @Test
    void aFleetListsItsServicesBeforeAsking() throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-6")) {
            CliRunner.Result no = typing(cli, "n\n", "rotate-key", "--all", "--new-version");
            assertEquals(8, no.exitCode(), no.describe());
            String question = "Rotate the keys of 7 DICOM services? [y/N]";
            assertTrue(no.err().contains(question), no.describe());
            String before = no.err().substring(0, no.err().indexOf(question));
            assertEquals(7, before.lines().filter(l -> l.matches("  \\S+/\\S+")).count(),
                    "each service is listed before the question: " + no.describe());
            assertEquals(0, cli.sandbox.requestLog().writes(), no.describe());
        }
    }

    @Test
    void withoutATerminalOrWithYesNothingIsAsked() throws Exception {
        try (SandboxCli cli = new SandboxCli("identity-missing")) {
            CliRunner.Result yes = typing(cli, "n\n", with("enable-identity", "--system-assigned", "--yes"));
            assertEquals(0, yes.exitCode(), yes.describe());
            assertFalse(yes.err().contains("[y/N]"), yes.describe());
        }
    }
}
