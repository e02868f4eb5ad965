package dev.dicomcmk.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
    private static final ObjectMapper READER = new ObjectMapper();

    private static String reportsJson() {
        StringWriter out = new StringWriter();
        JsonOutput.writeReports(out, "validate-key", SampleReports.all(), 3);
        return out.toString();
    }

    @Test
    void schemaVersionIsTheFirstFieldAndIsOne() throws IOException {
        try (JsonParser p = READER.getFactory().createParser(reportsJson())) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            assertEquals(JsonToken.FIELD_NAME, p.nextToken());
            assertEquals("schemaVersion", p.currentName());
            assertEquals(JsonToken.VALUE_NUMBER_INT, p.nextToken());
            assertEquals(1, p.getIntValue());
        }
    }

    @Test
    void documentParsesAndCarriesTheReports() throws IOException {
        JsonNode doc = READER.readTree(reportsJson());
        assertEquals(List.of("schemaVersion", "command", "reports", "exitCode"), fieldNames(doc));
        assertEquals("validate-key", doc.get("command").asText());
        assertEquals(3, doc.get("exitCode").asInt());
        JsonNode live = doc.get("reports").get(0);
        assertEquals(List.of("subject", "keyUrl", "checkedAt", "summary", "findings"), fieldNames(live));
        assertEquals("2025-03-04T05:06:07Z", live.get("checkedAt").asText());
        assertEquals(2, live.get("summary").get("fail").asInt());
        JsonNode hostile = live.get("findings").get(4);
        assertEquals(SampleReports.HOSTILE_DETAIL, hostile.get("detail").asText(), "JSON keeps the data exact");
        assertFalse(hostile.has("location"));

        JsonNode template = doc.get("reports").get(1);
        assertTrue(template.get("keyUrl").isNull(), "an undetermined key is an explicit null");
        JsonNode located = template.get("findings").get(0).get("location");
        assertEquals(SampleReports.KEK_POINTER, located.get("jsonPointer").asText());
        assertEquals(42, located.get("line").asInt());
        assertFalse(template.get("findings").get(1).get("location").has("line"), "an unknown line is left out, not 0");
    }

    @Test
    void sameInputGivesIdenticalBytes() {
        assertEquals(reportsJson(), reportsJson());
    }

    @Test
    void noRawControlCharacterReachesTheOutput() {
        StringWriter out = new StringWriter();
        JsonOutput.write(out, "test", Map.of("text", "esc\u001b bel\u0007 del\u007f csi\u009b ls\u2028"));
        String json = out.toString();
        assertTrue(json.chars().noneMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x2028), json);
        assertTrue(json.contains("csi\\u009B"), json);
    }

    /** A view record another command might write: declaration order, ISO times, nulls left out. */
    record RotationView(String service, Instant rotatedAt, Duration keyAge, String previousVersion) {
    }

    @Test
    void recordBodyKeepsFieldOrderAndWritesTimesAsIsoStrings() throws IOException {
        StringWriter out = new StringWriter();
        JsonOutput.write(out, "rotate-key", new RotationView("svc", Instant.parse("2025-01-02T03:04:05Z"),
                Duration.ofDays(400), null), 0);
        JsonNode doc = READER.readTree(out.toString());
        assertEquals(List.of("schemaVersion", "command", "service", "rotatedAt", "keyAge", "exitCode"), fieldNames(doc));
        assertEquals("2025-01-02T03:04:05Z", doc.get("rotatedAt").asText());
        assertEquals("PT9600H", doc.get("keyAge").asText());
    }

    @Test
    void mapBodyIsSortedSoHashOrderCannotLeakIntoTheOutput() throws IOException {
        Map<String, Object> body = new HashMap<>();
        for (String k : List.of("zeta", "alpha", "mu", "beta")) {
            body.put(k, k.length());
        }
        StringWriter out = new StringWriter();
        JsonOutput.write(out, "diagnose", body);
        assertEquals(List.of("schemaVersion", "command", "alpha", "beta", "mu", "zeta"),
                fieldNames(READER.readTree(out.toString())));
    }

    @Test
    void bodyCannotOverrideTheEnvelope() {
        assertThrows(IllegalArgumentException.class,
                () -> JsonOutput.write(new StringWriter(), "x", Map.of("schemaVersion", 2)));
        assertThrows(IllegalArgumentException.class, () -> JsonOutput.write(new StringWriter(), "x", List.of(1)));
    }

    @Test
    void prettyPrintedWithTwoSpacesAndUnixLineEnds() {
        String json = reportsJson();
        assertTrue(json.startsWith("{\n  \"schemaVersion\": 1,\n  \"command\": \"validate-key\",\n"), json);
        assertFalse(json.contains("\r"));
        assertTrue(json.endsWith("}\n"));
    }

    @Test
    void leavesTheCallersWriterOpen() throws IOException {
        boolean[] closed = {false};
        StringWriter target = new StringWriter();
        Writer spy = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                target.write(buf, off, len);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        JsonOutput.write(spy, "x", Map.of("a", 1));
        assertFalse(closed[0]);
        assertTrue(target.toString().contains("\"a\": 1"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
