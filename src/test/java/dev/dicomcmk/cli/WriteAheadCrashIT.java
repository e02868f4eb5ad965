package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.SandboxCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rotate-key killed (SIGKILL, a separate JVM) right after Key Vault made the new version, before its answer
 * reached the run: the journal already holds the intent, the version carries the attempt's tag, and the
 * next run switches to that version instead of making another.
 */
class WriteAheadCrashIT {

    private static final Path LAUNCHER = Path.of("bin/dicom-cmk").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRunKilledAfterKeyVaultMadeTheVersionLeavesItToTheNextRun() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            int before = versions(cli).size();
            // Key Vault makes the version, then never answers: the run waits there until it is killed
            cli.sandbox.faults().add(FaultRule.acceptThenStall().forMethod("POST").forHost("demo-kv\\.vault\\.sandbox\\.test")
                    .forPath("/keys/demo-key/create").times(1));
            SandboxCredentials c = cli.sandbox.credentials();
            ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "--cloud", cli.profile.toString(), "--auth", "env",
                    "rotate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "--new-version", "--verify-for", "1s",
                    "--yes");
            pb.environment().put("AZURE_TENANT_ID", c.tenantId());
            pb.environment().put("AZURE_CLIENT_ID", c.clientId());
            pb.environment().put("AZURE_CLIENT_SECRET", c.clientSecret());
            pb.environment().put("AZURE_SUBSCRIPTION_ID", c.subscriptionId());
            pb.environment().put("XDG_STATE_HOME", dir.toString());
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("run.err").toFile());
            Process run = pb.start();
            try {
                Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
                while (versions(cli).size() == before) {
                    assertTrue(run.isAlive(), "ended before Key Vault made the version: " + Files.readString(dir.resolve("run.err")));
                    assertTrue(Instant.now().isBefore(deadline), "Key Vault never made the version");
                    Thread.sleep(50);
                }
            } finally {
                run.destroyForcibly(); // SIGKILL: no journal end, no lock release
                assertTrue(run.waitFor(10, TimeUnit.SECONDS));
            }
            String made = "https://demo-kv.vault.sandbox.test/keys/demo-key/" + versions(cli).get(versions(cli).size() - 1);
            List<JsonNode> j = journal(cli);
            assertEquals(1, j.size(), "only the intent: " + j);
            assertEquals("create-version", j.get(0).path("action").asText());
            assertEquals("started", j.get(0).path("outcome").asText());
            String attempt = j.get(0).path("attempt").asText();

            cli.sandbox.faults().clear();
            CliRunner.Result again = cli.runner().env("XDG_STATE_HOME", dir.toString()).run("--cloud", cli.profile.toString(),
                    "--auth", "env", "rotate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg", "--new-version",
                    "--verify-for", "1s", "--yes");
            assertEquals(0, again.exitCode(), again.describe());
            assertEquals(before + 1, versions(cli).size(), "adopted by its tag, not made again");
            assertEquals(made, cli.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom"));
            j = journal(cli);
            // after the lock's takeover line, the killed attempt's end names the version and the proof
            assertTrue(j.stream().anyMatch(e -> e.path("attempt").asText().equals(attempt) && e.path("outcome").asText()
                    .startsWith("failed: interrupted after Key Vault made " + made + " (it carries tag dicom-cmk-attempt="
                            + attempt + ")")), j.toString());
        }
    }

    private static List<String> versions(SandboxCli cli) {
        return cli.sandbox.world().keyVersions("demo-kv", "demo-key");
    }

    private static List<JsonNode> journal(SandboxCli cli) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(cli.journalFile())) {
            out.add(JSON.readTree(line));
        }
        return out;
    }
}
