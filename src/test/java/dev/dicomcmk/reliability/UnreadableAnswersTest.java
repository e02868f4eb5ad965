package dev.dicomcmk.reliability;

import dev.dicomcmk.sandbox.WorldViews;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SandboxIds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Safety invariant I1: what cannot be read is never taken as a fact. An answer that is not the
 * resource asked for (an empty object, no body, an HTML page, another resource, a redirect) stops a
 * write command before it writes and a read-only command when it is the service itself; any other
 * such answer becomes an "unreadable" SKIP naming the host, which --strict fails on.
 */
class UnreadableAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANAGEMENT = "management\\.sandbox\\.test";
    private static final String KEY_VAULT = "demo-kv\\.vault\\.sandbox\\.test";
    private static final String FOREIGN_SERVICE = "{\"id\":\"/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
            + "/resourceGroups/demo-rg/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/other-dicom\","
            + "\"name\":\"demo-ws/other-dicom\",\"type\":\"Microsoft.HealthcareApis/workspaces/dicomservices\","
            + "\"location\":\"westeurope\",\"identity\":{\"type\":\"None\"},\"properties\":{\"provisioningState\":\"Succeeded\"}}";

    /** The service GET's wrong answers: none of them is the DICOM service that was asked for. */
    private static final Map<String, FaultRule> NOT_THE_SERVICE = Map.of(
            "200 {}", FaultRule.respond(200, Map.of(), "{}"),
            "200 with an empty body", FaultRule.respond(200, Map.of(), ""),
            "200 HTML", FaultRule.respond(200, Map.of("Content-Type", "text/html; charset=utf-8"),
                    "<html><body>Sign in to continue</body></html>"),
            "200 another service", FaultRule.respond(200, Map.of(), FOREIGN_SERVICE),
            "307 elsewhere", FaultRule.respond(307, Map.of("Location", "https://management.sandbox.test/elsewhere"), ""));

    private static List<String> svc(String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of("--service", CommandRow.SERVICE, "-g", SandboxIds.DEMO_RG));
        return all;
    }

    private static CliRunner.Result run(SandboxRun s, List<String> args) {
        return s.run(args.toArray(String[]::new));
    }

    private static void assertExit(int code, CliRunner.Result r, String what) {
        assertEquals(code, r.exitCode(), what + "\n" + r.describe());
        assertFalse(r.err().contains("\tat "), "no stack trace\n" + r.describe());
    }

    @Test
    void anAnswerThatIsNotTheServiceStopsEveryCommandAndNothingIsWritten() {
        for (Map.Entry<String, FaultRule> fault : NOT_THE_SERVICE.entrySet()) {
            try (SandboxRun s = SandboxRun.start("user-assigned")) {
                s.inject(fault.getValue().forMethod("GET").forHost(MANAGEMENT).forPath(CommandRow.SERVICE_PATH));
                String what = "service GET answered " + fault.getKey();
                for (List<String> command : List.of(svc("validate-key"), svc("diagnose"), svc("update-via-arm"),
                        svc("rotate-key", "--new-version", "--yes"), svc("enable-identity", "--system-assigned", "--yes"))) {
                    CliRunner.Result r = run(s, command);
                    assertExit(6, r, what);
                    assertTrue(r.err().contains("something that is not"), "the line says what came back is not what was asked\n"
                            + r.describe());
                }
                List<RequestLog.Entry> writes = s.sandbox.requestLog().entries().stream().filter(RequestLog.Entry::write).toList();
                assertEquals(List.of(), writes, what + ": nothing may be written on an unreadable answer");
                JsonNode identity = WorldViews.dicomService(s.sandbox, "demo-ws", "demo-dicom").path("identity");
                assertEquals("UserAssigned", identity.path("type").asText(), what + ": identity intact " + identity);
                assertTrue(identity.path("userAssignedIdentities").toString().contains("demo-uami"), identity.toString());
            }
        }
    }

    @Test
    void anUnreadableKeyVaultOrVaultAnswerIsAnUnreadableSkipNamingTheHostAndStrictFailsOnIt() throws Exception {
        Map<String, FaultRule> faults = Map.of(
                "key GET answering HTML", FaultRule.respond(200, Map.of("Content-Type", "text/html"), "<html>proxy</html>")
                        .forMethod("GET").forHost(KEY_VAULT).forPath("/keys/demo-key/(?!versions)[^/]+/?"),
                "key GET answering {}", FaultRule.respond(200, Map.of(), "{}")
                        .forMethod("GET").forHost(KEY_VAULT).forPath("/keys/demo-key/(?!versions)[^/]+/?"),
                "vault GET answering {}", FaultRule.respond(200, Map.of(), "{}")
                        .forMethod("GET").forHost(MANAGEMENT).forPath(".*/providers/Microsoft\\.KeyVault/vaults/demo-kv"));
        for (Map.Entry<String, FaultRule> fault : faults.entrySet()) {
            try (SandboxRun s = SandboxRun.start("healthy")) {
                s.inject(fault.getValue());
                String host = fault.getKey().startsWith("vault") ? "management.sandbox.test" : "demo-kv.vault.sandbox.test";
                CliRunner.Result r = run(s, List.of("-o", "json", "validate-key", "--service", CommandRow.SERVICE, "-g",
                        SandboxIds.DEMO_RG));
                assertExit(0, r, fault.getKey());
                List<JsonNode> unreadable = new ArrayList<>();
                JSON.readTree(r.out()).path("reports").get(0).path("findings").forEach(f -> {
                    if ("unreadable".equals(f.path("skipKind").asText())) {
                        unreadable.add(f);
                    }
                });
                assertFalse(unreadable.isEmpty(), fault.getKey() + ": unreadable SKIPs expected\n" + r.describe());
                assertTrue(unreadable.stream().allMatch(f -> f.path("verdict").asText().equals("SKIP")), unreadable.toString());
                assertTrue(unreadable.stream().anyMatch(f -> f.path("detail").asText().contains(host)),
                        fault.getKey() + ": a SKIP names " + host + "\n" + r.describe());
                assertExit(3, run(s, svc("validate-key", "--strict")), fault.getKey() + " with --strict");
            }
        }
    }

    @Test
    void anUnreadableResourceHealthIsNotTakenAsAFact() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            s.inject(FaultRule.respond(200, Map.of(), "{}").forMethod("GET").forHost(MANAGEMENT)
                    .forPath(".*/providers/Microsoft\\.ResourceHealth/availabilityStatuses/current"));
            CliRunner.Result r = run(s, svc("diagnose"));
            assertFalse(r.exitCode() == 6 || r.exitCode() == 1, r.describe());
            assertTrue(r.out().contains("management.sandbox.test"), "the unread health names its host\n" + r.describe());
        }
    }

    @Test
    void aKeyWhoseKidNamesAnotherKeyOrVersionIsRefused() throws Exception {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            String current = s.keyAtStart;
            String otherVersion = CommandRow.olderKey(s);
            String otherKey = "https://demo-kv.vault.sandbox.test/keys/another-key/" + current.substring(current.lastIndexOf('/') + 1);
            for (String kid : List.of(otherVersion, otherKey)) {
                s.clearFaults();
                s.inject(FaultRule.respond(200, Map.of(), keyBundle(kid)).forMethod("GET").forHost(KEY_VAULT)
                        .forPath("/keys/demo-key/(?!versions)[^/]+/?"));
                CliRunner.Result r = run(s, List.of("-o", "json", "validate-key", "--service", CommandRow.SERVICE, "-g",
                        SandboxIds.DEMO_RG));
                JsonNode type = finding(JSON.readTree(r.out()), "KEY-TYPE");
                assertEquals("SKIP", type.path("verdict").asText(), "a key named " + kid + " is not the key asked for\n" + r.describe());
                assertEquals("unreadable", type.path("skipKind").asText(), r.describe());
                assertTrue(type.path("detail").asText().contains("demo-kv.vault.sandbox.test"), r.describe());
                assertExit(3, run(s, svc("validate-key", "--strict")), "kid " + kid + " with --strict");
            }
        }
    }

    @Test
    void strictFailsOnWhatCouldNotBeReadButNotOnWhatDoesNotApply() throws Exception {
        try (SandboxRun s = SandboxRun.start("reader-forbidden")) {
            CliRunner.Result r = run(s, List.of("-o", "json", "validate-key", "--service", CommandRow.SERVICE, "-g",
                    SandboxIds.DEMO_RG));
            assertExit(0, r, "reader-forbidden without --strict");
            JsonNode doc = JSON.readTree(r.out());
            assertEquals(1, doc.path("schemaVersion").asInt());
            assertEquals("unreadable", finding(doc, "KEY-TYPE").path("skipKind").asText(), r.describe());
            assertEquals("not-applicable", finding(doc, "MHSM-PRIVATE-UAMI").path("skipKind").asText(), r.describe());
            assertEquals("PASS", finding(doc, "SERVICE-IDENTITY").path("verdict").asText(), r.describe());
            assertFalse(finding(doc, "SERVICE-IDENTITY").has("skipKind"), "a PASS carries no skipKind");
            CliRunner.Result strict = run(s, svc("validate-key", "--strict"));
            assertExit(3, strict, "reader-forbidden with --strict");
            assertTrue(strict.err().contains("--strict: 8 SKIP(s) could not be read"), "says why nothing failed yet exit 3\n"
                    + strict.describe());
        }
        try (SandboxRun s = SandboxRun.start("healthy")) {
            CliRunner.Result r = run(s, svc("validate-key", "--strict"));
            assertExit(0, r, "healthy: MHSM-PRIVATE-UAMI on a Key Vault key does not apply, and --strict passes");
            assertTrue(r.out().contains("MHSM-PRIVATE-UAMI"), r.describe());
        }
    }

    @Test
    void offlineSkipsOfATemplatePassStrict() throws Exception {
        CliRunner.Result r = CliRunner.exec("-o", "json", "validate-key", "--template",
                "src/test/resources/preflight/good-system-assigned.json", "--strict");
        assertExit(0, r, "a template's offline SKIPs pass --strict");
        List<String> kinds = new ArrayList<>();
        JSON.readTree(r.out()).path("reports").get(0).path("findings").forEach(f -> {
            if (f.path("verdict").asText().equals("SKIP")) {
                kinds.add(f.path("skipKind").asText());
            }
        });
        assertFalse(kinds.isEmpty(), r.describe());
        assertTrue(kinds.stream().allMatch(k -> k.equals("offline") || k.equals("not-applicable")), kinds + "\n" + r.describe());
    }

    @Test
    void aLiveServiceWithoutAKeyUrlFails() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            s.sandbox.world().update(w -> w.dicomServices.stream().filter(d -> d.name.equals("demo-dicom"))
                    .forEach(d -> d.keyEncryptionKeyUrl = null));
            CliRunner.Result r = run(s, svc("validate-key"));
            assertExit(3, r, "a service without a customer-managed key");
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("FAIL") && l.contains("KEY-URL-VERSIONED")), r.describe());
        }
    }

    private static JsonNode finding(JsonNode doc, String id) {
        for (JsonNode f : doc.path("reports").get(0).path("findings")) {
            if (id.equals(f.path("id").asText()) || id.equals(f.path("requirement").asText())) {
                return f;
            }
        }
        throw new AssertionError("no finding " + id + " in " + doc);
    }

    /** A key bundle as Key Vault answers it, naming the given kid. */
    private static String keyBundle(String kid) {
        String n = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new java.math.BigInteger(3072, new java.util.Random(7))
                .setBit(3071).toByteArray());
        return "{\"key\":{\"kid\":\"" + kid + "\",\"kty\":\"RSA-HSM\",\"key_ops\":[\"wrapKey\",\"unwrapKey\"],\"n\":\"" + n
                + "\",\"e\":\"AQAB\"},\"attributes\":{\"enabled\":true,\"created\":1700000000,\"updated\":1700000000,"
                + "\"recoveryLevel\":\"Recoverable\"}}";
    }
}
