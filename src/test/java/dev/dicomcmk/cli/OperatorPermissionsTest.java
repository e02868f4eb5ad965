package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.RequestLog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's own permissions, checked before the first write: a command the operator cannot finish
 * is refused with exit 4 and nothing half done, naming what is missing, who has it, and what to run.
 */
class OperatorPermissionsTest {

    private static final String[] SERVICE = {"--service", "demo-ws/demo-dicom", "-g", "demo-rg"};

    private static String[] args(String command, String... more) {
        String[] all = new String[1 + SERVICE.length + more.length];
        all[0] = command;
        System.arraycopy(SERVICE, 0, all, 1, SERVICE.length);
        System.arraycopy(more, 0, all, 1 + SERVICE.length, more.length);
        return all;
    }

    /** Every PUT, PATCH, POST or DELETE the sandbox saw (reads and what-ifs aside). */
    private static List<RequestLog.Entry> writes(SandboxCli cli) {
        return cli.sandbox.requestLog().entries().stream().filter(RequestLog.Entry::write).toList();
    }

    @Test
    void aContributorCannotGrantSoEnableIdentityWritesNothingAndNamesWhatAnOwnerRuns() throws Exception {
        try (SandboxCli cli = new SandboxCli("operator-contributor")) {
            CliRunner.Result r = cli.run(args("enable-identity", "--system-assigned", "--grant-key-access"));
            assertEquals(4, r.exitCode(), r.describe());
            assertEquals(List.of(), writes(cli), "refused before any write: " + r.describe());
            String err = r.err();
            assertTrue(err.contains("Microsoft.Authorization/roleAssignments/write"), r.describe());
            assertTrue(err.contains("/vaults/demo-kv/keys/demo-key"), "names the scope: " + r.describe());
            assertTrue(err.contains("Owner, User Access Administrator or Role Based Access Control Administrator"), r.describe());
            assertTrue(err.contains("can run: dicom-cmk ") && err.contains("enable-identity --service demo-ws/demo-dicom")
                    && err.contains("--system-assigned --grant-key-access"), "prints the command for an Owner: " + r.describe());
            assertFalse(err.contains("dicomservices/write"), "a Contributor may change the service: " + r.describe());
            assertEquals("None", cli.sandbox.world().read(w -> w.demoService().identityType), "the identity is not half on");
        }
    }

    @Test
    void theDryRunIncludesThePermissionCheck() throws Exception {
        try (SandboxCli cli = new SandboxCli("operator-contributor")) {
            CliRunner.Result r = cli.run(args("enable-identity", "--system-assigned", "--grant-key-access", "--dry-run"));
            assertEquals(4, r.exitCode(), r.describe());
            assertTrue(r.err().contains("roleAssignments/write"), r.describe());
            assertEquals(List.of(), writes(cli), r.describe());
        }
    }

    @Test
    void anExistingIdentityGetsTheAzRoleAssignmentLineWithItsObjectIdRoleAndScope() throws Exception {
        try (SandboxCli cli = new SandboxCli("operator-contributor")) {
            // the identity exists already (turned on by someone else); only the grant is left
            cli.sandbox.world().update(w -> {
                w.demoService().identityType = "SystemAssigned";
                w.demoService().principalId = dev.dicomcmk.sandbox.SandboxIds.DEMO_DICOM_PRINCIPAL_ID;
                w.demoService().identityTenantId = w.tenantId;
            });
            CliRunner.Result r = cli.run(args("enable-identity", "--grant-key-access"));
            assertEquals(4, r.exitCode(), r.describe());
            assertTrue(r.err().contains("az role assignment create --assignee-object-id "
                    + dev.dicomcmk.sandbox.SandboxIds.DEMO_DICOM_PRINCIPAL_ID
                    + " --assignee-principal-type ServicePrincipal --role e147488a-f6f5-4113-8e2d-b22465e65bf6 --scope /subscriptions/"),
                    r.describe());
            assertEquals(List.of(), writes(cli), r.describe());
        }
    }

    @Test
    void aReaderIsRefusedARotationBeforeTheKeyVersionIsCreated() throws Exception {
        try (SandboxCli cli = new SandboxCli("operator-reader")) {
            int versions = cli.sandbox.world().read(w -> w.vault("demo-kv").orElseThrow().key("demo-key").orElseThrow().versions.size());
            CliRunner.Result r = cli.run(args("rotate-key", "--new-version", "--yes", "--verify-for", "1s"));
            assertEquals(4, r.exitCode(), r.describe());
            assertEquals(List.of(), writes(cli), "no key version create, no deployment: " + r.describe());
            assertEquals(Integer.valueOf(versions), cli.sandbox.world().read(w -> w.vault("demo-kv").orElseThrow().key("demo-key").orElseThrow().versions.size()));
            String err = r.err();
            assertTrue(err.contains("rotate-key refused before any change"), r.describe());
            assertTrue(err.contains("Microsoft.HealthcareApis/workspaces/dicomservices/write at /subscriptions/"), r.describe());
            assertTrue(err.contains("Microsoft.Resources/deployments/write"), r.describe());
            assertTrue(err.contains("Microsoft.KeyVault/vaults/keys/create/action at /subscriptions/") && err.contains("Key Vault Crypto Officer"),
                    r.describe());

            CliRunner.Result dry = cli.run(args("rotate-key", "--new-version", "--dry-run"));
            assertEquals(4, dry.exitCode(), "the dry run includes the check: " + dry.describe());
            assertEquals(List.of(), writes(cli), dry.describe());
        }
    }

    @Test
    void updateViaArmChecksTheDeploymentAndItsPreview() throws Exception {
        try (SandboxCli cli = new SandboxCli("operator-reader")) {
            CliRunner.Result deploy = cli.run(args("update-via-arm", "--deploy", "--yes"));
            assertEquals(4, deploy.exitCode(), deploy.describe());
            assertTrue(deploy.err().contains("Microsoft.Resources/deployments/write"), deploy.describe());
            CliRunner.Result whatIf = cli.run(args("update-via-arm", "--what-if"));
            assertEquals(4, whatIf.exitCode(), "a Reader may not ask ARM for a what-if: " + whatIf.describe());
            assertTrue(whatIf.err().contains("Microsoft.Resources/deployments/whatIf/action"), whatIf.describe());
            assertEquals(List.of(), writes(cli));
        }
        try (SandboxCli cli = new SandboxCli("operator-contributor")) {
            CliRunner.Result whatIf = cli.run(args("update-via-arm", "--what-if", "--system-assigned"));
            assertEquals(3, whatIf.exitCode(), "a Contributor previews the change: " + whatIf.describe());
        }
    }

    @Test
    void aReaderStillValidates() throws Exception {
        try (SandboxCli cli = new SandboxCli("operator-reader")) {
            CliRunner.Result r = cli.run(args("validate-key", "-q"));
            assertEquals(0, r.exitCode(), r.describe());
        }
    }

    @Test
    void whatTheOperatorCouldNotReadIsSaidToBeItsOwnPermissionWithTheRolesThatHaveIt() throws Exception {
        try (SandboxCli cli = new SandboxCli("reader-forbidden")) {
            for (String command : List.of("validate-key", "diagnose")) {
                CliRunner.Result r = cli.run(args(command));
                String all = r.out() + r.err();
                assertTrue(all.contains("the signed-in identity (not the service) lacks Microsoft.KeyVault/vaults/keys/read at "),
                        command + ": " + r.describe());
                assertTrue(all.contains("Key Vault Reader"), command + " names a role that has it: " + r.describe());
            }
        }
    }

    @Test
    void anOwnerStillEnablesAndGrants() throws Exception {
        try (SandboxCli cli = new SandboxCli("identity-missing")) {
            CliRunner.Result r = cli.run(args("enable-identity", "--system-assigned", "--grant-key-access"));
            assertEquals(0, r.exitCode(), r.describe());
        }
    }
}
