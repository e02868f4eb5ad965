package dev.dicomcmk.reliability;

import dev.dicomcmk.sandbox.WorldViews;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SandboxIds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariant I2: a token goes only to the hosts of its audience in the cloud profile. Every place an
 * answer can name a URL the tool then calls (ARM's nextLink, a long-running operation's
 * Azure-AsyncOperation and Location headers, a DICOM service's serviceUrl, a Key Vault 401 challenge)
 * is pointed at attacker.sandbox.test: a host the sandbox profile routes to loopback, so a request
 * that went out would be recorded, but one that belongs to no audience (not management., not under
 * vault., managedhsm. or dicom.). That host must never receive an Authorization header, and the run
 * must stop with exit 6 naming it.
 */
class TokensStayHomeTest {

    private static final String ATTACKER = "attacker.sandbox.test";
    private static final String MANAGEMENT = "management\\.sandbox\\.test";
    private static final String VAULT = "demo-kv\\.vault\\.sandbox\\.test";

    private static List<String> svc(String command, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(command, "--service", CommandRow.SERVICE, "-g", SandboxIds.DEMO_RG));
        all.addAll(List.of(more));
        return all;
    }

    /** Runs the command with the rules in place and checks what reached the attacker's host. */
    private static CliRunner.Result runAgainst(SandboxRun s, List<String> command, FaultRule... rules) {
        s.inject(rules);
        CliRunner.Result r = s.run(command.toArray(String[]::new));
        List<RequestLog.Entry> stolen = s.sandbox.requestLog().entries().stream()
                .filter(e -> !isHome(e.host()) && e.carriedToken()).toList();
        assertTrue(stolen.isEmpty(), "a token left the cloud: " + stolen + "\n" + r.describe());
        return r;
    }

    /** The hosts of the sandbox cloud's audiences and its sign-in host. */
    private static boolean isHome(String host) {
        return host.equals("management.sandbox.test") || host.equals("login.sandbox.test")
                || host.matches("[a-z0-9-]+\\.(vault|managedhsm|dicom)\\.sandbox\\.test");
    }

    private static void assertRefused(SandboxRun s, CliRunner.Result r, String host, String namedBy) {
        assertEquals(6, r.exitCode(), r.describe());
        String line = r.err().lines().filter(l -> l.startsWith("dicom-cmk: ")).findFirst().orElse("");
        assertTrue(line.contains("refusing to send") && line.contains(host) && line.contains(namedBy),
                "the error line must name the refused host (" + host + ") and what named it (" + namedBy + ")\n" + r.describe());
        assertTrue(s.sandbox.requestLog().entries().stream().noneMatch(e -> e.host().equals(host)),
                "nothing at all may be sent to " + host + ": " + s.sandbox.requestLog().entries());
    }

    @Test
    void anArmNextLinkToAnotherHostIsNotFollowedWithTheArmToken() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            CliRunner.Result r = runAgainst(s, svc("validate-key"),
                    FaultRule.respond(200, Map.of(), "{\"value\":[],\"nextLink\":\"https://" + ATTACKER
                            + "/subscriptions/x/providers/Microsoft.Authorization/roleAssignments?page=2\"}")
                            .forMethod("GET").forHost(MANAGEMENT).forPath(".*/providers/Microsoft.Authorization/roleAssignments"));
            assertRefused(s, r, ATTACKER, "nextLink");
        }
    }

    @Test
    void anAzureAsyncOperationHeaderToAnotherHostIsNotPolledWithTheArmToken() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            CliRunner.Result r = runAgainst(s, svc("enable-identity", "--user-assigned", CommandRow.UAMI, "--yes"),
                    FaultRule.respond(202, Map.of("Azure-AsyncOperation", "https://" + ATTACKER + "/operationresults/x?api-version=1"),
                            "{\"properties\":{\"provisioningState\":\"Accepted\"}}")
                            .forMethod("PATCH").forHost(MANAGEMENT).forPath(CommandRow.SERVICE_PATH));
            assertRefused(s, r, ATTACKER, "Azure-AsyncOperation");
        }
    }

    @Test
    void aLocationHeaderToAnotherHostIsNotPolledWithTheArmToken() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            CliRunner.Result r = runAgainst(s, svc("update-via-arm", "--what-if"),
                    FaultRule.respond(202, Map.of("Location", "https://" + ATTACKER + "/operationresults/x?api-version=1",
                                    "Retry-After", "0"), null)
                            .forMethod("POST").forHost(MANAGEMENT).forPath(".*/deployments/[^/]+/whatIf"));
            assertRefused(s, r, ATTACKER, "Location");
        }
    }

    @Test
    void aServiceUrlOnAnotherHostIsNotProbedWithTheDicomToken() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            ObjectNode service = (ObjectNode) WorldViews.dicomService(s.sandbox, "demo-ws", "demo-dicom").deepCopy();
            ((ObjectNode) service.path("properties")).put("serviceUrl", "https://" + ATTACKER);
            CliRunner.Result r = runAgainst(s, svc("diagnose", "--probe"),
                    FaultRule.respond(200, Map.of(), service.toString())
                            .forMethod("GET").forHost(MANAGEMENT).forPath(CommandRow.SERVICE_PATH));
            assertRefused(s, r, ATTACKER, "serviceUrl");
        }
    }

    @Test
    void aKeyVaultChallengeNamingAnotherResourceGetsNoToken() {
        for (String resource : List.of("https://" + ATTACKER, "https://sandbox.test")) {
            try (SandboxRun s = SandboxRun.start("healthy")) {
                String challenge = "Bearer authorization=\"https://login.sandbox.test/" + s.sandbox.credentials().tenantId()
                        + "\", resource=\"" + resource + "\"";
                CliRunner.Result r = runAgainst(s, svc("validate-key"),
                        FaultRule.respond(401, Map.of("WWW-Authenticate", challenge),
                                        "{\"error\":{\"code\":\"Unauthorized\",\"message\":\"AKV10022: Invalid audience.\"}}")
                                .forMethod("GET").forHost(VAULT).forPath("/keys/.*"));
                String host = resource.substring("https://".length());
                assertEquals(6, r.exitCode(), r.describe());
                String line = r.err().lines().filter(l -> l.startsWith("dicom-cmk: ")).findFirst().orElse("");
                assertTrue(line.contains("refusing to get a token for " + resource) && line.contains("challenge"),
                        "the error line must name the challenge's resource (" + host + ")\n" + r.describe());
                // the challenge was answered with no request at all: no token for that resource went anywhere
                long vaultRequests = s.sandbox.requestLog().entries().stream().filter(e -> e.host().matches(VAULT)).count();
                long challenges = s.sandbox.requestLog().entries().stream()
                        .filter(e -> e.host().matches(VAULT) && e.status() == 401).count();
                assertEquals(challenges, vaultRequests, "after a foreign challenge nothing may be sent again: "
                        + s.sandbox.requestLog().entries());
            }
        }
    }

    @Test
    void aKeyVaultChallengeNamingAnotherAuthorityIsNeverAskedForAToken() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            // the keys SDK takes only the tenant from the challenge's authority: the credential signs in at the
            // cloud profile's authority host, whatever host the challenge names
            String challenge = "Bearer authorization=\"https://" + ATTACKER + "/" + s.sandbox.credentials().tenantId()
                    + "\", resource=\"https://vault.sandbox.test\"";
            CliRunner.Result r = runAgainst(s, svc("validate-key"),
                    FaultRule.respond(401, Map.of("WWW-Authenticate", challenge),
                                    "{\"error\":{\"code\":\"Unauthorized\",\"message\":\"AKV10022: Invalid audience.\"}}")
                            .forMethod("GET").forHost(VAULT).forPath("/keys/.*").times(1));
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(s.sandbox.requestLog().entries().stream().noneMatch(e -> e.host().equals(ATTACKER)),
                    "the challenge's authority host was called: " + s.sandbox.requestLog().entries());
        }
    }
}
