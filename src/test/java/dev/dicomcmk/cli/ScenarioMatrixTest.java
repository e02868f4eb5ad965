package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.requirements.Requirement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every sandbox scenario gives the expected verdict for every requirement, through the CLI, the
 * real Azure SDK clients and HTTPS. One row a scenario: what differs from the healthy baseline.
 */
class ScenarioMatrixTest {

    private static final String KEY_READS_SKIPPED = "KEY-TYPE=SKIP KEY-SIZE=SKIP KEY-ENABLED=SKIP KEY-EXPIRY-HORIZON=SKIP "
            + "KEY-OPS=SKIP KEY-OLD-VERSIONS-ENABLED=SKIP KEY-ROTATION-AGE=SKIP KEY-AUTO-ROTATION-GAP=SKIP";

    /** scenario -> verdicts that differ from the baseline (everything PASS, MHSM-PRIVATE-UAMI SKIP: not applicable). */
    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("healthy", "");
        EXPECTED.put("weak-key", "KEY-SIZE=FAIL");
        EXPECTED.put("ec-key", "KEY-TYPE=FAIL KEY-SIZE=SKIP KEY-OPS=FAIL");
        EXPECTED.put("unversioned-url", "KEY-URL-VERSIONED=FAIL KEY-AUTO-ROTATION-GAP=SKIP");
        EXPECTED.put("no-purge-protection", "VAULT-PURGE-PROTECTION=FAIL");
        EXPECTED.put("firewall-blocked", "VAULT-FIREWALL-BYPASS=FAIL " + KEY_READS_SKIPPED);
        EXPECTED.put("identity-missing", "SERVICE-IDENTITY=FAIL IDENTITY-KEY-ACCESS=FAIL IDENTITY-LEAST-PRIVILEGE=SKIP");
        EXPECTED.put("no-key-access", "IDENTITY-KEY-ACCESS=FAIL IDENTITY-LEAST-PRIVILEGE=SKIP");
        EXPECTED.put("officer-role", "IDENTITY-LEAST-PRIVILEGE=WARN");
        EXPECTED.put("other-tenant", "VAULT-SAME-TENANT=FAIL IDENTITY-KEY-ACCESS=FAIL " + KEY_READS_SKIPPED);
        EXPECTED.put("key-disabled", "KEY-ENABLED=FAIL");
        EXPECTED.put("key-expiring", "KEY-EXPIRY-HORIZON=WARN");
        EXPECTED.put("hsm-healthy", "MHSM-PRIVATE-UAMI=PASS");
        EXPECTED.put("reader-forbidden", KEY_READS_SKIPPED);
        EXPECTED.put("fleet-3", "");
    }

    static Stream<String> scenarios() {
        return EXPECTED.keySet().stream();
    }

    static Map<Requirement, String> expectedVerdicts(String scenario) {
        Map<Requirement, String> v = new EnumMap<>(Requirement.class);
        for (Requirement r : Requirement.values()) {
            v.put(r, r == Requirement.MHSM_PRIVATE_UAMI ? "SKIP" : "PASS");
        }
        for (String pair : EXPECTED.get(scenario).split(" ")) {
            if (!pair.isBlank()) {
                String[] kv = pair.split("=");
                v.put(Requirement.byId(kv[0]), kv[1]);
            }
        }
        return v;
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyRequirementHasTheExpectedVerdict(String scenario) throws Exception {
        CliRunner.Result r = new CliRunner().run("--sandbox", scenario, "validate-key",
                "--service", "demo-ws/demo-dicom", "--resource-group", "demo-rg", "-o", "json");
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(1, doc.path("schemaVersion").asInt(), r.describe());
        Map<Requirement, String> actual = new EnumMap<>(Requirement.class);
        for (JsonNode f : doc.path("reports").path(0).path("findings")) {
            actual.put(Requirement.byId(f.path("id").asText()), f.path("verdict").asText());
            if ("SKIP".equals(f.path("verdict").asText())) {
                assertFalse(f.path("detail").asText().isBlank(), "SKIP without a reason: " + f);
            }
        }
        assertEquals(expectedVerdicts(scenario), actual, r.describe());
        boolean fails = actual.containsValue("FAIL");
        assertEquals(fails ? 3 : 0, r.exitCode(), r.describe());
    }
}
