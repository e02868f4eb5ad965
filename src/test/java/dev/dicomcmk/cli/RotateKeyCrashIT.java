package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rotate-key as cron runs it: separate processes against a sandbox in its own process (state on
 * disk). A run is held at each step of the apply by the test-only hook DICOM_CMK_TEST_PAUSE_AT and
 * killed with SIGKILL there; the next run must take the lock over, finish or redo the attempt, and
 * leave the service on an enabled key it can use, the old version enabled, and a journal of whole lines.
 */
class RotateKeyCrashIT {

    private static final Path LAUNCHER = Path.of("bin/dicom-cmk").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void survivesAKillAtEveryStepAndRefusesAnOverlappingRun() throws Exception {
        Path state = dir.resolve("sandbox");
        Process sandbox = new ProcessBuilder(LAUNCHER.toString(), "sandbox", "start", "--state-dir", state.toString(),
                "--duration", "5m").redirectErrorStream(true).redirectOutput(dir.resolve("sandbox.log").toFile()).start();
        try {
            awaitText(dir.resolve("sandbox.log"), "listening", sandbox);
            Map<String, String> env = new HashMap<>(LauncherIT.parseEnv(state.resolve("credentials.env")));
            env.put("XDG_STATE_HOME", dir.resolve("xdg").toString());
            List<String> seen = new ArrayList<>();
            seen.add(serviceKey(state));
            boolean first = true;
            for (String step : List.of("before-deploy", "during-deploy", "before-verify")) {
                String before = serviceKey(state);
                Path err = dir.resolve("held-" + step + ".err");
                Process held = start(env, Map.of(TestPause.PAUSE_AT, step), err, state);
                awaitText(err, "test hook: paused at " + step, held);
                if (first) {
                    LauncherIT.Run overlap = LauncherIT.run(env, LAUNCHER, rotateArgs(state));
                    assertEquals(7, overlap.exit(), overlap.out() + overlap.err());
                    assertTrue(overlap.out().contains("another rotate-key run holds the lock"), overlap.out());
                    first = false;
                }
                held.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no lock release, no journal end
                assertTrue(held.waitFor(10, TimeUnit.SECONDS));

                LauncherIT.Run again = LauncherIT.run(env, LAUNCHER, rotateArgs(state));
                assertEquals(0, again.exit(), step + ": " + again.out() + again.err());
                String after = serviceKey(state);
                assertTrue(after.startsWith("https://demo-kv.vault.sandbox.test/keys/demo-key/"), after);
                assertTrue(!after.equals(before), step + ": rotated once more");
                seen.add(after);
                JsonNode world = JSON.readTree(state.resolve("state.json").toFile()).path("world");
                JsonNode service = demoService(world);
                assertTrue(!service.hasNonNull("accessLostAt") && !service.path("needsRedeploy").asBoolean(),
                        step + ": the service can use its key: " + service);
                for (String key : seen) {
                    assertTrue(enabled(world, key), step + ": " + key + " is still enabled");
                }
                List<JsonNode> journal = journal();
                assertTrue(journal.stream().anyMatch(e -> e.path("outcome").asText().equals("lock-taken-over")),
                        step + ": the takeover is journaled: " + journal);
            }
        } finally {
            sandbox.destroy();
            sandbox.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String[] rotateArgs(Path state) {
        return new String[] {"--cloud", state.toString(), "--auth", "env", "rotate-key", "--service", "demo-ws/demo-dicom",
            "-g", "demo-rg", "--new-version", "--verify-for", "2s", "--yes", "-q"};
    }

    private static Process start(Map<String, String> env, Map<String, String> extra, Path err, Path state) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(rotateArgs(state)));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().putAll(extra);
        pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    /** Every line must parse: a torn line would not. */
    private List<JsonNode> journal() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("sandbox/journal.jsonl"))) {
            out.add(JSON.readTree(line));
            assertTrue(line.endsWith("}"), "whole line: " + line);
        }
        return out;
    }

    private static JsonNode demoService(JsonNode world) {
        for (JsonNode s : world.path("dicomServices")) {
            if (s.path("name").asText().equals("demo-dicom")) {
                return s;
            }
        }
        throw new AssertionError("no demo-dicom in the sandbox state");
    }

    private static String serviceKey(Path state) throws Exception {
        return demoService(JSON.readTree(state.resolve("state.json").toFile()).path("world")).path("keyEncryptionKeyUrl").asText();
    }

    private static boolean enabled(JsonNode world, String keyUrl) {
        String version = keyUrl.substring(keyUrl.lastIndexOf('/') + 1);
        for (JsonNode v : world.path("vaults")) {
            for (JsonNode k : v.path("keys")) {
                for (JsonNode kv : k.path("versions")) {
                    if (kv.path("version").asText().equals(version)) {
                        return kv.path("enabled").asBoolean();
                    }
                }
            }
        }
        return false;
    }

    private static void awaitText(Path file, String text, Process p) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!(Files.exists(file) && Files.readString(file).contains(text))) {
            assertTrue(p.isAlive(), "ended before '" + text + "': " + (Files.exists(file) ? Files.readString(file) : ""));
            assertTrue(Instant.now().isBefore(deadline), "no '" + text + "' in " + file);
            Thread.sleep(100);
        }
    }
}
