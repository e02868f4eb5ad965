package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.RequestLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rotate-key --all over fleet-200 while ARM throttles: every service rotated exactly once. */
class RotateKeyFleetTest {

    @Test
    void rotatesEveryServiceOfTheFleetExactlyOnceThroughThrottling(@TempDir Path state) throws Exception {
        try (SandboxCli cli = new SandboxCli("fleet-200")) {
            // ARM throttles the first deployment PUTs and some reads; the SDK's retry policy waits out Retry-After
            cli.sandbox.faults().add(FaultRule.respond(429, Map.of("Retry-After", "1"), null).forMethod("PUT")
                    .forPath(".*/providers/Microsoft\\.Resources/deployments/[^/]+").times(12));
            cli.sandbox.faults().add(FaultRule.respond(429, Map.of("Retry-After", "1"), null).forMethod("GET")
                    .forPath(".*/dicomservices/dicom-0\\d\\d\\d").times(6));
            CliRunner.Result r = cli.runner().env("XDG_STATE_HOME", state.toString()).run("--cloud", cli.profile.toString(),
                    "--auth", "env", "rotate-key", "--all", "-g", "fleet-rg", "--new-version", "--verify-for", "1s",
                    "--parallel", "8", "-o", "json");
            assertEquals(0, r.exitCode(), r.describe());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals(200, doc.path("services").size());
            doc.path("services").forEach(s -> assertEquals("succeeded", s.path("outcome").asText(), s.toString()));

            Map<String, Long> successfulPuts = cli.sandbox.requestLog().entries().stream()
                    .filter(e -> e.method().equals("PUT") && e.path().contains("/deployments/") && e.status() < 400)
                    .collect(Collectors.groupingBy(RotateKeyFleetTest::deployment, Collectors.counting()));
            assertEquals(200, successfulPuts.size(), "one deployment per service");
            successfulPuts.forEach((name, n) -> assertEquals(1L, n, name + " deployed more than once"));
            assertTrue(cli.sandbox.requestLog().entries().stream().filter(e -> e.status() == 429).count() >= 18,
                    "the throttling was hit");
            for (int i = 1; i <= 200; i++) {
                String ws = String.format("fleet-ws-%02d", (i - 1) / 20 + 1);
                String key = cli.sandbox.world().keyEncryptionKeyUrl(ws, String.format("dicom-%04d", i));
                assertTrue(key.endsWith(cli.sandbox.world().currentKeyVersion("fleet-kv", String.format("fleet-key-%04d", i))),
                        key);
            }
        }
    }

    private static String deployment(RequestLog.Entry e) {
        return e.path().substring(e.path().lastIndexOf('/') + 1);
    }
}
