package dev.dicomcmk.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Set;

/**
 * The constraints of the official SARIF 2.1.0 JSON schema (sarif-schema-2.1.0.json, OASIS)
 * that our output touches, checked by hand because no schema validator is available offline:
 * required properties, enums, formats (uri, uri-reference) and minimums, for sarifLog, run,
 * tool, toolComponent, reportingDescriptor, reportingConfiguration, result, message, location,
 * physicalLocation, artifactLocation, region and logicalLocation. Each assertion names the
 * schema path it stands for.
 */
public final class SarifSchema {
    private static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");
    private static final Set<String> RESULT_KINDS = Set.of("notApplicable", "pass", "fail", "review", "open", "informational");

    private SarifSchema() {
    }

    public static void assertValid(JsonNode log) {
        // sarifLog: required [version, runs]; version enum ["2.1.0"]; $schema format uri
        assertTrue(log.isObject(), "sarifLog is an object");
        assertEquals("2.1.0", log.path("version").asText(), "sarifLog.version");
        if (log.has("$schema")) {
            assertAbsoluteUri(log.get("$schema"), "sarifLog.$schema");
        }
        assertTrue(log.path("runs").isArray(), "sarifLog.runs is required and an array");
        for (JsonNode run : log.get("runs")) {
            assertRun(run);
        }
    }

    private static void assertRun(JsonNode run) {
        // run: required [tool]; tool: required [driver]; toolComponent: required [name]
        JsonNode driver = run.path("tool").path("driver");
        assertTrue(driver.isObject(), "run.tool.driver is required");
        assertString(driver.get("name"), "toolComponent.name");
        optionalString(driver, "version", "toolComponent.version");
        if (driver.has("informationUri")) {
            assertAbsoluteUri(driver.get("informationUri"), "toolComponent.informationUri");
        }
        JsonNode rules = driver.path("rules");
        if (!rules.isMissingNode()) {
            assertTrue(rules.isArray(), "toolComponent.rules is an array");
            Set<String> seen = new HashSet<>();
            for (JsonNode rule : rules) {
                assertTrue(seen.add(rule.toString()), "toolComponent.rules uniqueItems");
                assertDescriptor(rule);
            }
        }
        JsonNode results = run.path("results");
        if (!results.isMissingNode() && !results.isNull()) {
            assertTrue(results.isArray(), "run.results is an array");
            for (JsonNode result : results) {
                assertResult(result, rules);
            }
        }
    }

    private static void assertDescriptor(JsonNode rule) {
        // reportingDescriptor: required [id]; multiformatMessageString: required [text]
        assertString(rule.get("id"), "reportingDescriptor.id");
        optionalString(rule, "name", "reportingDescriptor.name");
        for (String m : new String[] {"shortDescription", "fullDescription", "help"}) {
            if (rule.has(m)) {
                assertString(rule.get(m).get("text"), "reportingDescriptor." + m + ".text");
            }
        }
        JsonNode config = rule.path("defaultConfiguration");
        if (config.has("level")) {
            assertTrue(LEVELS.contains(config.get("level").asText()), "reportingConfiguration.level enum");
        }
    }

    private static void assertResult(JsonNode result, JsonNode rules) {
        // result: required [message]; message: anyOf required [text] or [id]
        JsonNode message = result.path("message");
        assertTrue(message.path("text").isTextual() || message.path("id").isTextual(), "result.message text or id");
        optionalString(result, "ruleId", "result.ruleId");
        if (result.has("ruleIndex")) {
            assertTrue(result.get("ruleIndex").isInt() && result.get("ruleIndex").asInt() >= -1, "result.ruleIndex >= -1");
            if (rules.isArray() && result.get("ruleIndex").asInt() >= 0) {
                assertEquals(result.path("ruleId").asText(), rules.get(result.get("ruleIndex").asInt()).path("id").asText(),
                        "result.ruleIndex names result.ruleId");
            }
        }
        if (result.has("level")) {
            assertTrue(LEVELS.contains(result.get("level").asText()), "result.level enum: " + result.get("level"));
        }
        if (result.has("kind")) {
            assertTrue(RESULT_KINDS.contains(result.get("kind").asText()), "result.kind enum");
        }
        if (result.has("partialFingerprints")) {
            result.get("partialFingerprints").forEach(v -> assertTrue(v.isTextual(), "partialFingerprints values are strings"));
        }
        JsonNode locations = result.path("locations");
        if (!locations.isMissingNode()) {
            assertTrue(locations.isArray(), "result.locations is an array");
            for (JsonNode location : locations) {
                assertLocation(location);
            }
        }
    }

    private static void assertLocation(JsonNode location) {
        JsonNode physical = location.path("physicalLocation");
        if (!physical.isMissingNode()) {
            // physicalLocation: anyOf required [address] or [artifactLocation]
            assertTrue(physical.has("artifactLocation") || physical.has("address"), "physicalLocation needs artifactLocation");
            JsonNode uri = physical.path("artifactLocation").path("uri");
            if (!uri.isMissingNode()) {
                assertUriReference(uri, "artifactLocation.uri");
            }
            JsonNode region = physical.path("region");
            if (!region.isMissingNode()) {
                for (String f : new String[] {"startLine", "startColumn", "endLine", "endColumn"}) {
                    if (region.has(f)) {
                        assertTrue(region.get(f).isInt() && region.get(f).asInt() >= 1, "region." + f + " >= 1");
                    }
                }
            }
        }
        for (JsonNode logical : location.path("logicalLocations")) {
            optionalString(logical, "fullyQualifiedName", "logicalLocation.fullyQualifiedName");
            optionalString(logical, "kind", "logicalLocation.kind");
        }
    }

    private static void assertString(JsonNode node, String what) {
        assertTrue(node != null && node.isTextual() && !node.asText().isEmpty(), what + " is a non-empty string");
    }

    private static void optionalString(JsonNode parent, String field, String what) {
        if (parent.has(field)) {
            assertTrue(parent.get(field).isTextual(), what + " is a string");
        }
    }

    private static void assertAbsoluteUri(JsonNode node, String what) {
        try {
            assertTrue(new URI(node.asText()).isAbsolute(), what + " is an absolute URI (format: uri)");
        } catch (URISyntaxException e) {
            fail(what + " is not a URI: " + e.getMessage());
        }
    }

    /** format uri-reference: RFC 3986, so no backslashes, spaces or other characters a URI cannot hold. */
    private static void assertUriReference(JsonNode node, String what) {
        String s = node.asText();
        assertFalse(s.isEmpty(), what);
        try {
            new URI(s);
        } catch (URISyntaxException e) {
            fail(what + " is not a uri-reference: " + s + " (" + e.getMessage() + ")");
        }
        assertFalse(s.contains("\\") || s.contains(" "), what + " is a uri-reference: " + s);
    }
}
