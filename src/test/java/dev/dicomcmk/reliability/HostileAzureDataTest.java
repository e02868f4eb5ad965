package dev.dicomcmk.reliability;

import dev.dicomcmk.sandbox.WorldViews;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.world.DicomService;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Azure data is input too. A tag holding a terminal escape, quotes and an ARM expression, and a
 * stored key URL holding the same, must come out as text: escaped on a terminal, valid in JSON,
 * and — through a template and a deployment — back in Azure exactly as it was, never evaluated.
 */
class HostileAzureDataTest {

    private static final String HOSTILE = "\u001b]0;pwned\u0007\u001b[31m[concat('a', \"b\")]'\"\u202e";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void plant(SandboxRun s, java.util.function.Consumer<DicomService> change) {
        s.sandbox.world().update(w -> w.dicomServices.stream().filter(d -> d.name.equals("demo-dicom")).forEach(change));
    }

    private static void assertNoRawControls(CliRunner.Result r) {
        String all = r.out() + r.err();
        assertFalse(all.chars().anyMatch(c -> (c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0)),
                "a raw control character reached the terminal\n" + r.describe());
    }

    @Test
    void aHostileTagIsDeployedBackExactlyAndNeverEvaluated() throws Exception {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            plant(s, d -> d.tags.put("owner", HOSTILE));
            CliRunner.Result rendered = s.run("-o", "json", "update-via-arm", "--service", CommandRow.SERVICE, "-g", "demo-rg");
            assertEquals(0, rendered.exitCode(), rendered.describe());
            JsonNode doc = JSON.readTree(rendered.out());
            assertTrue(doc.toString().contains("owner"), rendered.describe());
            CliRunner.Result deploy = s.run("update-via-arm", "--deploy", "--yes", "--service", CommandRow.SERVICE, "-g", "demo-rg",
                    "--key-url", CommandRow.olderKey(s));
            assertEquals(0, deploy.exitCode(), deploy.describe());
            assertNoRawControls(deploy);
            // the sandbox's deployment engine evaluates template expressions as ARM does
            JsonNode tags = WorldViews.dicomService(s.sandbox, "demo-ws", "demo-dicom").path("tags");
            assertEquals(HOSTILE, tags.path("owner").asText(), "the tag must come back exactly: " + tags);
        }
    }

    @Test
    void aHostileStoredKeyUrlIsEscapedInTablesAndValidInJson() throws Exception {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            plant(s, d -> {
                d.keyEncryptionKeyUrl = "https://demo-kv.vault.sandbox.test/keys/" + HOSTILE + "/0123";
                d.tags.put("owner", HOSTILE);
            });
            for (List<String> command : List.of(List.of("validate-key"), List.of("diagnose"))) {
                for (String output : List.of("table", "json")) {
                    String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("-o", output), java.util.stream.Stream
                            .concat(command.stream(), java.util.stream.Stream.of("--service", CommandRow.SERVICE, "-g", "demo-rg")))
                            .toArray(String[]::new);
                    CliRunner.Result r = s.run(args);
                    assertTrue(r.exitCode() == 3 || r.exitCode() == 0, r.describe());
                    assertNoRawControls(r);
                    if (output.equals("json")) {
                        JsonNode doc = JSON.readTree(r.out());
                        assertEquals(1, doc.path("schemaVersion").asInt(), r.describe());
                        assertTrue(doc.toString().contains("concat('a'"), "the value is carried as text\n" + r.describe());
                    }
                }
            }
        }
    }
}
