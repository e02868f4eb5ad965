package dev.dicomcmk.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Holds the output to the SARIF 2.1.0 constraints code scanning enforces on upload. Not a full
 * schema validation (no validator is a dependency yet), but each check can fail on its own.
 */
class SarifWriterTest {
    private static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");

    private static JsonNode sarif(List<Report> reports, boolean strict) throws Exception {
        StringWriter out = new StringWriter();
        new SarifWriter("1.2.3", "https://example.test/dicom-cmk", strict).write(reports, out);
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void meetsTheKeySchemaConstraints() throws Exception {
        assertSarif21(sarif(SampleReports.all(), false));
        assertSarif21(sarif(SampleReports.all(), true));
        assertSarif21(sarif(List.of(), false));
    }

    @Test
    void resultsOnlyForFailAndWarnAtTheirLevels() throws Exception {
        JsonNode results = sarif(SampleReports.all(), false).get("runs").get(0).get("results");
        assertEquals(5, results.size());
        assertEquals(List.of("error", "warning", "error", "error", "warning"), levels(results));
        // strict: warnings, and the SKIP of what could not be read (not the offline one), are errors
        JsonNode strict = sarif(SampleReports.all(), true).get("runs").get(0).get("results");
        assertEquals(List.of("error", "error", "error", "error", "error", "error"), levels(strict));
        assertEquals("unreadable", strict.get(2).path("properties").path("skipKind").asText(), strict.get(2).toString());
        assertEquals("VAULT-FIREWALL-BYPASS", strict.get(2).path("ruleId").asText());
    }

    @Test
    void fileFindingPointsAtFileLineAndPointer() throws Exception {
        JsonNode result = sarif(List.of(SampleReports.template()), false).get("runs").get(0).get("results").get(0);
        assertEquals("KEY-URL-VERSIONED", result.get("ruleId").asText());
        JsonNode location = result.get("locations").get(0);
        assertEquals("infra/dicom%20template.json",
                location.at("/physicalLocation/artifactLocation/uri").asText());
        assertEquals(42, location.at("/physicalLocation/region/startLine").asInt());
        assertEquals(SampleReports.KEK_POINTER, location.at("/logicalLocations/0/fullyQualifiedName").asText());
        assertTrue(result.at("/message/text").asText().contains(" Fix: Use the key identifier"));
    }

    @Test
    void unknownLineLeavesTheRegionOut() throws Exception {
        JsonNode result = sarif(List.of(SampleReports.template()), false).get("runs").get(0).get("results").get(1);
        assertTrue(result.at("/locations/0/physicalLocation/artifactLocation/uri").isTextual());
        assertTrue(result.at("/locations/0/physicalLocation/region").isMissingNode());
    }

    @Test
    void liveFindingNamesTheAzureResource() throws Exception {
        JsonNode result = sarif(List.of(SampleReports.liveService()), false).get("runs").get(0).get("results").get(0);
        JsonNode location = result.get("locations").get(0);
        assertFalse(location.has("physicalLocation"));
        assertEquals(SampleReports.SERVICE_ID, location.at("/logicalLocations/0/fullyQualifiedName").asText());
        assertEquals("resource", location.at("/logicalLocations/0/kind").asText());
    }

    @Test
    void fingerprintIgnoresTheLineButNotTheSubjectOrPointer() throws Exception {
        String base = SarifWriter.fingerprint("KEY-SIZE", "svc", "/a");
        assertEquals(base, SarifWriter.fingerprint("KEY-SIZE", "svc", "/a"));
        assertNotEquals(base, SarifWriter.fingerprint("KEY-SIZE", "svc2", "/a"));
        assertNotEquals(base, SarifWriter.fingerprint("KEY-SIZE", "svc", "/b"));
        assertNotEquals(base, SarifWriter.fingerprint("KEY-TYPE", "svc", "/a"));
        Finding atLine1 = Finding.fail(Requirement.KEY_SIZE, "d").at(new Finding.Location("t.json", "/a", 1));
        Finding atLine9 = Finding.fail(Requirement.KEY_SIZE, "d").at(new Finding.Location("t.json", "/a", 9));
        String one = sarif(List.of(new Report("svc", null, null, List.of(atLine1))), false)
                .at("/runs/0/results/0/partialFingerprints").toString();
        String nine = sarif(List.of(new Report("svc", null, null, List.of(atLine9))), false)
                .at("/runs/0/results/0/partialFingerprints").toString();
        assertEquals(one, nine, "moving a line must not make a new alert");
    }

    @Test
    void ruleNamesArePascalCaseIdentifiers() {
        assertEquals("KeyUrlNamesAKeyVersion", SarifWriter.pascalCase(Requirement.KEY_URL_VERSIONED.title()));
        assertEquals("KeyIs2048Or3072Bits", SarifWriter.pascalCase(Requirement.KEY_SIZE.title()));
    }

    @Test
    void windowsPathsBecomeForwardSlashUriReferences() {
        assertEquals("infra/sub%20dir/t.json", SarifWriter.uriReference("infra\\sub dir\\t.json"));
        assertEquals("t%23.json", SarifWriter.uriReference("t#.json"));
    }

    /** The SARIF 2.1.0 schema rules (see {@link SarifSchema}) plus what a code-scanning upload depends on. */
    static void assertSarif21(JsonNode sarif) {
        SarifSchema.assertValid(sarif);
        assertEquals("2.1.0", sarif.path("version").asText());
        assertEquals(SarifWriter.SCHEMA, sarif.path("$schema").asText());
        JsonNode runs = sarif.path("runs");
        assertTrue(runs.isArray() && runs.size() == 1, "exactly one run");
        JsonNode run = runs.get(0);
        JsonNode driver = run.path("tool").path("driver");
        assertFalse(driver.path("name").asText().isEmpty(), "tool.driver.name");
        Set<String> ruleIds = new HashSet<>();
        JsonNode rules = driver.path("rules");
        assertTrue(rules.isArray());
        for (JsonNode rule : rules) {
            assertTrue(ruleIds.add(rule.path("id").asText()), "rule ids are unique: " + rule.path("id"));
            assertFalse(rule.path("shortDescription").path("text").asText().isEmpty());
            assertTrue(rule.path("name").asText().matches("[A-Z][A-Za-z0-9]*"), rule.path("name").asText());
            assertTrue(LEVELS.contains(rule.path("defaultConfiguration").path("level").asText()));
        }
        assertEquals(Requirement.values().length, ruleIds.size());
        JsonNode results = run.path("results");
        assertTrue(results.isArray(), "results");
        for (JsonNode result : results) {
            String ruleId = result.path("ruleId").asText();
            assertTrue(ruleIds.contains(ruleId), "ruleId in rules: " + ruleId);
            if (result.has("ruleIndex")) {
                assertEquals(ruleId, rules.get(result.get("ruleIndex").asInt()).path("id").asText(), "ruleIndex");
            }
            assertTrue(LEVELS.contains(result.path("level").asText()), "level: " + result.path("level"));
            assertFalse(result.path("message").path("text").asText().isEmpty(), "message.text");
            for (JsonNode location : result.path("locations")) {
                JsonNode region = location.path("physicalLocation").path("region");
                if (!region.isMissingNode()) {
                    assertTrue(region.path("startLine").asInt() >= 1, "region.startLine >= 1");
                }
                JsonNode uri = location.path("physicalLocation").path("artifactLocation").path("uri");
                if (!uri.isMissingNode()) {
                    assertFalse(uri.asText().contains("\\") || uri.asText().contains(" "), "uri-reference: " + uri);
                }
                assertTrue(location.has("physicalLocation") || location.has("logicalLocations"), "a location says where");
            }
            JsonNode fingerprints = result.path("partialFingerprints");
            assertTrue(fingerprints.isObject() && fingerprints.size() > 0, "partialFingerprints");
            fingerprints.forEach(v -> assertTrue(v.isTextual()));
        }
    }

    private static List<String> levels(JsonNode results) {
        return StreamSupport.stream(results.spliterator(), false).map(r -> r.get("level").asText()).toList();
    }
}
