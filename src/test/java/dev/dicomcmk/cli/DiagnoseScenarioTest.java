package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * diagnose end to end over HTTPS against the sandbox, one row a way of losing key access: the top
 * cause, the timeline bucket and the first next step an admin is told, plus the exit code.
 */
class DiagnoseScenarioTest {

    private static final String SERVICE = "demo-ws/demo-dicom";

    /** A scenario, what the test changes in it before diagnosing, and what the admin must be told. */
    record Row(String name, String scenario, Consumer<Sandbox> change, String topCause, String bucket,
               String firstStep) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("key disabled 10 minutes ago", "key-disabled", s -> { }, "KEY-DISABLED", "UNDER_30_MINUTES",
                        "Enable the key version: az keyvault key set-attributes --vault-name demo-kv --name demo-key --version "),
                new Row("key disabled 45 minutes ago", "key-disabled",
                        s -> s.clock().advance(Duration.ofMinutes(35)), "KEY-DISABLED", "OVER_30_MINUTES",
                        "Enable the key version: az keyvault key set-attributes --vault-name demo-kv --name demo-key --version "),
                new Row("key deleted", "healthy", DiagnoseScenarioTest::deleteKey, "KEY-DELETED", "UNDER_30_MINUTES",
                        "az keyvault key recover --vault-name demo-kv --name demo-key"),
                new Row("system identity disabled", "identity-missing", s -> { }, "NO-IDENTITY", "UNDER_30_MINUTES",
                        "dicom-cmk enable-identity --system-assigned --grant-key-access --service /subscriptions/"),
                new Row("user-assigned identity deleted", "user-assigned",
                        s -> s.world().update(w -> w.userAssignedIdentities.clear()), "USER-IDENTITY-DELETED",
                        "UNDER_30_MINUTES", "Re-create or choose a user-assigned identity, then: dicom-cmk enable-identity"),
                new Row("role revoked 10 minutes ago", "access-lost-10m", s -> { }, "KEY-ACCESS-MISSING",
                        "UNDER_30_MINUTES", "dicom-cmk enable-identity --grant-key-access --service /subscriptions/"),
                new Row("firewall without bypass", "firewall-blocked", s -> { }, "FIREWALL-NO-BYPASS",
                        "UNDER_30_MINUTES", "Let trusted Microsoft services through the firewall: az keyvault update --name demo-kv "
                        + "--resource-group demo-rg --bypass AzureServices"),
                new Row("vault in another tenant", "other-tenant", s -> { }, "VAULT-OTHER-TENANT", "UNDER_30_MINUTES",
                        "Use a key in a vault of the service's tenant"),
                new Row("healthy", "healthy", s -> { }, null, "NOT_BROKEN", null));
    }

    private static void deleteKey(Sandbox s) {
        long now = s.clock().nowEpochSecond();
        s.world().update(w -> w.vault(SandboxIds.DEMO_VAULT).orElseThrow().key(SandboxIds.DEMO_KEY).ifPresent(k -> {
            k.deletedDate = now;
            k.scheduledPurgeDate = now + 90 * 86_400L;
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void tellsTheCauseTheBucketAndTheNextStep(Row row) throws Exception {
        try (SandboxCli cli = new SandboxCli(row.scenario())) {
            row.change().accept(cli.sandbox);
            CliRunner.Result r = cli.run("diagnose", "--service", SERVICE, "-g", SandboxIds.DEMO_RG, "--probe",
                    "-o", "json");
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals(1, doc.path("schemaVersion").asInt(), r.describe());
            assertEquals(row.bucket(), doc.path("timeline").path("bucket").asText(), r.describe());
            if (row.topCause() == null) {
                assertEquals(0, r.exitCode(), r.describe());
                assertEquals("HEALTHY", doc.path("status").asText(), r.describe());
                assertEquals(0, doc.path("causes").size(), r.describe());
                assertTrue(doc.path("checked").toString().contains("answered 200"), r.describe());
                return;
            }
            assertEquals(3, r.exitCode(), r.describe());
            JsonNode top = doc.path("causes").path(0);
            assertEquals(row.topCause(), top.path("id").asText(), r.describe());
            assertEquals(1, top.path("rank").asInt());
            assertTrue(doc.path("nextSteps").path(0).asText().startsWith(row.firstStep()), r.describe());
            // the probe confirms what the service's users see
            assertTrue(top.path("evidence").toString().contains("answered 500"), r.describe());
            if (row.bucket().equals("OVER_30_MINUTES")) {
                assertTrue(doc.path("nextSteps").toString().contains("dicom-cmk update-via-arm --deploy --service"),
                        r.describe());
            }
        }
    }

    /** The key checks were refused (403): Resource Health and the probe look fine, but that is not "healthy". */
    @Test
    void keyChecksThatCouldNotBeReadAreNotCalledHealthy() throws Exception {
        CliRunner.Result table = diagnose("reader-forbidden", "table");
        assertFalse(table.out().startsWith("PASS"), table.describe());
        assertFalse(table.out().contains("healthy"), table.describe());
        assertTrue(table.out().lines().findFirst().orElseThrow().contains("cannot tell"), table.describe());
        // like a SKIP finding, what could not be read is said, not counted as a problem found (exit 3)
        assertEquals(0, table.exitCode(), table.describe());
        CliRunner.Result json = diagnose("reader-forbidden", "json");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals("UNKNOWN", doc.path("status").asText(), json.describe());
        assertTrue(doc.path("summary").asText().contains("could not be read"), json.describe());
        assertEquals(table.exitCode(), json.exitCode());
    }

    /** An EC key: the fix is a new RSA key, not key operations an EC key cannot have; no "cannot use" while Available. */
    @Test
    void anEcKeyIsFixedWithANewRsaKeyAndNotCalledUnusableWhileAvailable() throws Exception {
        CliRunner.Result json = diagnose("ec-key", "json");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals("Available", doc.path("health").path("availabilityState").asText(), json.describe());
        String first = doc.path("nextSteps").path(0).asText();
        assertTrue(first.contains("az keyvault key create") && first.contains("--kty RSA"), json.describe());
        assertFalse(doc.path("nextSteps").toString().contains("set-attributes"), json.describe());
        assertFalse(doc.path("causes").toString().contains("set-attributes"), json.describe());
        assertFalse(doc.path("summary").asText().contains("cannot use its key"), json.describe());
        CliRunner.Result table = diagnose("ec-key", "table");
        assertFalse(table.out().contains("unknown: unknown"), table.describe());
        assertFalse(table.out().contains("cannot use its key"), table.describe());
    }

    /** A vault in another tenant cannot be granted to the service's identity: the key has to move. */
    @Test
    void anotherTenantsVaultIsNotFixedByGrantingAccess() throws Exception {
        CliRunner.Result json = diagnose("other-tenant", "json");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        // a grant may only be of a new key (in the service's tenant), never of the other tenant's key
        String advice = doc.path("nextSteps").toString() + doc.path("causes").toString();
        assertFalse(advice.replace("--grant-key-access --key-url <", "").contains("--grant-key-access"), json.describe());
        assertTrue(doc.path("nextSteps").path(0).asText().contains("tenant"), json.describe());
        CliRunner.Result check = new CliRunner().run("--sandbox", "other-tenant", "-o", "json", "validate-key",
                "--service", SERVICE, "-g", SandboxIds.DEMO_RG);
        JsonNode findings = new ObjectMapper().readTree(check.out()).path("reports").path(0).path("findings");
        for (JsonNode f : findings) {
            if (f.path("verdict").asText().equals("FAIL")) {
                assertFalse(f.path("remedy").asText().replace("--grant-key-access --key-url <", "")
                        .contains("--grant-key-access"), check.describe());
            }
        }
    }

    private static CliRunner.Result diagnose(String scenario, String output) {
        return new CliRunner().run("--sandbox", scenario, "-o", output, "diagnose", "--service", SERVICE, "-g",
                SandboxIds.DEMO_RG, "--probe");
    }
}
