package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SandboxIds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** enable-identity against a sandbox the test controls, read back through validate-key and the request log. */
class EnableIdentityTest {

    private static final String[] SERVICE = {"--service", "demo-ws/demo-dicom", "-g", "demo-rg"};
    private static final String UAMI = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
            + "/resourceGroups/demo-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/demo-uami";

    private static String[] args(String command, String... more) {
        String[] all = new String[1 + SERVICE.length + more.length];
        all[0] = command;
        System.arraycopy(SERVICE, 0, all, 1, SERVICE.length);
        System.arraycopy(more, 0, all, 1 + SERVICE.length, more.length);
        return all;
    }

    @Test
    void identityMissingToPassingValidation() throws Exception {
        try (SandboxCli cli = new SandboxCli("identity-missing")) {
            assertEquals(3, cli.run(args("validate-key", "-q")).exitCode());
            CliRunner.Result enable = cli.run(args("enable-identity", "--system-assigned", "--grant-key-access"));
            assertEquals(0, enable.exitCode(), enable.describe());
            assertTrue(enable.out().contains("granted: system-assigned identity"), enable.describe());
            CliRunner.Result check = cli.run(args("validate-key", "-q"));
            assertEquals(0, check.exitCode(), check.describe());

            long writes = cli.sandbox.requestLog().writes();
            CliRunner.Result again = cli.run(args("enable-identity", "--system-assigned", "--grant-key-access"));
            assertEquals(0, again.exitCode(), again.describe());
            assertTrue(again.out().contains("already granted: system-assigned identity"), again.describe());
            assertEquals(writes, cli.sandbox.requestLog().writes(), "a second run must write nothing");
        }
    }

    @Test
    void dryRunWritesNothing() throws Exception {
        try (SandboxCli cli = new SandboxCli("identity-missing")) {
            CliRunner.Result r = cli.run(args("enable-identity", "--system-assigned", "--grant-key-access", "--dry-run"));
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.out().contains("set-identity"), r.describe());
            assertTrue(r.out().contains("dry run: nothing changed"), r.describe());
            assertEquals(0, cli.sandbox.requestLog().writes(), r.describe());
        }
    }

    @Test
    void userAssignedIsAddedBesideTheSystemIdentityAndGranted() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            CliRunner.Result r = cli.run(args("enable-identity", "--user-assigned", UAMI, "--grant-key-access", "-o", "json"));
            assertEquals(0, r.exitCode(), r.describe());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals("SystemAssigned,UserAssigned", doc.path("identityType").asText(), r.describe());
            // the key trusts the user-assigned identity before the service is given it: never a moment without key access
            assertEquals("granted", doc.path("done").path(0).path("outcome").asText(), r.describe());
            assertEquals(SandboxIds.DEMO_UAMI_PRINCIPAL_ID, doc.path("done").path(0).path("principalId").asText());
            assertEquals("set-identity", doc.path("done").path(1).path("action").asText(), r.describe());
            List<RequestLog.Entry> writes = cli.sandbox.requestLog().successfulWrites();
            assertTrue(writes.get(0).path().toLowerCase(java.util.Locale.ROOT).contains("roleassignments"),
                    "the grant is the first write: " + writes);
            assertEquals(1, cli.sandbox.world().roleAssignmentsOf(SandboxIds.DEMO_UAMI_PRINCIPAL_ID).size());
            assertEquals(1, cli.sandbox.world().roleAssignmentsOf(SandboxIds.DEMO_DICOM_PRINCIPAL_ID).size(),
                    "the system identity keeps its own assignment");
        }
    }

    @Test
    void grantWithoutIdentityOptionCoversEveryIdentityAndWarnsAboutBroaderRoles() throws Exception {
        try (SandboxCli cli = new SandboxCli("officer-role")) {
            CliRunner.Result r = cli.run(args("enable-identity", "--grant-key-access"));
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.out().contains("granted: system-assigned identity"), r.describe());
            assertTrue(r.err().contains("warning: ") && r.err().contains("Key Vault Crypto Officer"), r.describe());
        }
    }

    @Test
    void replicationDelayIsRiddenOut() throws Exception {
        try (SandboxCli cli = new SandboxCli("no-key-access")) {
            cli.sandbox.faults().add(FaultRule.respond(400, Map.of("Content-Type", "application/json"),
                            "{\"error\":{\"code\":\"PrincipalNotFound\",\"message\":\"Principal does not exist in the directory.\"}}")
                    .forMethod("PUT").forPath(".*/roleAssignments/.*").times(1));
            CliRunner.Result r = cli.run(args("enable-identity", "--grant-key-access"));
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(2, cli.sandbox.requestLog().roleAssignmentPuts().size(), "one PrincipalNotFound, then success");
            assertEquals(0, cli.run(args("validate-key", "-q")).exitCode());
        }
    }

    @Test
    void accessPolicyVaultGetsGetWrapUnwrap() throws Exception {
        try (SandboxCli cli = new SandboxCli("no-key-access")) {
            cli.sandbox.world().update(w -> {
                w.vault("demo-kv").orElseThrow().enableRbacAuthorization = false;
                // the operator reads keys through an access policy now, as on any access-policy vault
                dev.dicomcmk.sandbox.world.AccessPolicy operator = new dev.dicomcmk.sandbox.world.AccessPolicy();
                operator.tenantId = w.tenantId;
                operator.objectId = SandboxIds.OPERATOR_OBJECT_ID;
                operator.keys = new java.util.ArrayList<>(List.of("get", "list", "create", "update"));
                w.vault("demo-kv").orElseThrow().accessPolicies.add(operator);
            });
            assertEquals(3, cli.run(args("validate-key", "-q")).exitCode());
            CliRunner.Result r = cli.run(args("enable-identity", "--grant-key-access"));
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.out().contains("access policy with key permissions get, wrapKey, unwrapKey"), r.describe());
            CliRunner.Result check = cli.run(args("validate-key"));
            assertEquals(0, check.exitCode(), check.describe());
            assertTrue(check.out().contains("via access policy"), check.describe());
            long writes = cli.sandbox.requestLog().writes();
            assertTrue(cli.run(args("enable-identity", "--grant-key-access")).out().contains("already granted"));
            assertEquals(writes, cli.sandbox.requestLog().writes());
        }
    }

    @Test
    void managedHsmGetsTheLocalRoleAtTheKey() throws Exception {
        try (SandboxCli cli = new SandboxCli("hsm-healthy")) {
            cli.sandbox.world().update(w -> w.managedHsm("demo-hsm").orElseThrow().localRoleAssignments
                    .removeIf(a -> a.principalId.equals(SandboxIds.DEMO_DICOM_PRINCIPAL_ID)));
            assertEquals(3, cli.run(args("validate-key", "-q")).exitCode());
            CliRunner.Result r = cli.run(args("enable-identity", "--grant-key-access"));
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.out().contains("local role Managed HSM Crypto Service Encryption User at HSM scope /keys/demo-key"),
                    r.describe());
            assertEquals(0, cli.run(args("validate-key", "-q")).exitCode());
            assertTrue(cli.run(args("enable-identity", "--grant-key-access")).out().contains("already granted"));
        }
    }

    /** The HSM's token expires just before the role write: a newly issued one is fetched and the write sent once more. */
    @Test
    void managedHsmWriteRidesOutATokenThatExpiredMidRun() throws Exception {
        try (SandboxCli cli = new SandboxCli("hsm-healthy")) {
            cli.sandbox.world().update(w -> w.managedHsm("demo-hsm").orElseThrow().localRoleAssignments
                    .removeIf(a -> a.principalId.equals(SandboxIds.DEMO_DICOM_PRINCIPAL_ID)));
            cli.sandbox.faults().add(FaultRule.expireToken().forMethod("PUT")
                    .forHost("demo-hsm\\.managedhsm\\.sandbox\\.test").times(1));
            CliRunner.Result r = cli.run(args("enable-identity", "--grant-key-access"));
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.out().contains("local role Managed HSM Crypto Service Encryption User at HSM scope /keys/demo-key"),
                    r.describe());
            List<Integer> puts = cli.sandbox.requestLog().entries().stream()
                    .filter(e -> e.method().equals("PUT") && e.host().startsWith("demo-hsm.")).map(e -> e.status()).toList();
            assertEquals(401, puts.get(0), "the token expired at the write: " + puts);
            assertEquals(2, puts.get(puts.size() - 1) / 100, "and the write went through with a new one: " + puts);
            assertEquals(0, cli.run(args("validate-key", "-q")).exitCode());
        }
    }

    @Test
    void badInputIsExit2BeforeAnyCall() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            assertEquals(2, cli.run(args("enable-identity")).exitCode());
            assertEquals(2, cli.run(args("enable-identity", "--user-assigned", "/not/an/id")).exitCode());
            assertEquals(2, cli.run(args("enable-identity", "--system-assigned", "--user-assigned", UAMI)).exitCode());
            assertEquals(2, cli.run(args("enable-identity", "--grant-key-access", "--scope", "galaxy")).exitCode());
            assertEquals(0, cli.sandbox.requestLog().writes());
        }
    }
}
