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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rotate-key as cron runs it: separate processes against one sandbox. A run is held at each step of the
 * apply the way a real run hangs there, by the network: the sandbox stalls the request of that step (no test
 * hook in the tool), and the run is killed with SIGKILL there; the next run must take the lock over, finish or
 * redo the attempt, and leave the service on an enabled key it can use, the old version enabled, and a journal
 * of whole lines.
 */
class RotateKeyCrashIT {

    private static final Path LAUNCHER = Path.of("bin/dicom-cmk").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARM = "management\\.sandbox\\.test";

    /** A step of the apply and the request the sandbox holds there. */
    private record Hold(String step, FaultRule rule) {
    }

    @TempDir
    Path dir;

    @Test
    void survivesAKillAtEveryStepAndRefusesAnOverlappingRun() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            SandboxCredentials c = cli.sandbox.credentials();
            Map<String, String> env = new HashMap<>(Map.of("AZURE_TENANT_ID", c.tenantId(), "AZURE_CLIENT_ID", c.clientId(),
                    "AZURE_CLIENT_SECRET", c.clientSecret(), "AZURE_SUBSCRIPTION_ID", c.subscriptionId(),
                    "XDG_STATE_HOME", dir.resolve("xdg").toString()));
            List<String> seen = new ArrayList<>();
            seen.add(serviceKey(cli));
            boolean first = true;
            for (Hold hold : List.of(
                    // the deployment's PUT never reaches ARM: killed before the deploy
                    new Hold("before-deploy", FaultRule.stall().forMethod("PUT").forHost(ARM).forPath(".*/deployments/[^/]+")),
                    // ARM took the deployment; its status never comes back: killed while it runs
                    new Hold("during-deploy", FaultRule.acceptThenStall().forMethod("GET").forHost(ARM)
                            .forPath(".*/deployments/[^/]+/operationStatuses/.*")),
                    // deployed; the first health read never comes back: killed before the verify
                    new Hold("before-verify", FaultRule.stall().forMethod("GET").forHost(ARM)
                            .forPath(".*/availabilityStatuses/current")))) {
                String before = serviceKey(cli);
                FaultRule rule = hold.rule().times(1);
                cli.sandbox.faults().add(rule);
                Process held = start(env, cli.profile, dir.resolve("held-" + hold.step() + ".err"));
                awaitHeld(cli, rule, held, hold.step());
                if (hold.step().equals("before-deploy")) {
                    assertEquals(before, serviceKey(cli), "held before the deploy");
                } else if (hold.step().equals("before-verify")) {
                    assertTrue(!serviceKey(cli).equals(before), "held after the deploy: " + serviceKey(cli));
                }
                if (first) {
                    LauncherIT.Run overlap = LauncherIT.run(env, LAUNCHER, rotateArgs(cli.profile));
                    assertEquals(7, overlap.exit(), overlap.out() + overlap.err());
                    assertTrue(overlap.out().contains("another rotate-key run holds the lock"), overlap.out());
                    first = false;
                }
                held.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no lock release, no journal end
                assertTrue(held.waitFor(10, TimeUnit.SECONDS));
                cli.sandbox.faults().clear();

                LauncherIT.Run again = LauncherIT.run(env, LAUNCHER, rotateArgs(cli.profile));
                assertEquals(0, again.exit(), hold.step() + ": " + again.out() + again.err());
                String after = serviceKey(cli);
                assertTrue(after.startsWith("https://demo-kv.vault.sandbox.test/keys/demo-key/"), after);
                assertTrue(!after.equals(before), hold.step() + ": rotated once more");
                seen.add(after);
                JsonNode world = cli.sandbox.world().toJson();
                JsonNode service = demoService(world);
                assertTrue(!service.hasNonNull("accessLostAt") && !service.path("needsRedeploy").asBoolean(),
                        hold.step() + ": the service can use its key: " + service);
                for (String key : seen) {
                    assertTrue(enabled(world, key), hold.step() + ": " + key + " is still enabled");
                }
                List<JsonNode> journal = journal(cli);
                assertTrue(journal.stream().anyMatch(e -> e.path("outcome").asText().equals("lock-taken-over")),
                        hold.step() + ": the takeover is journaled: " + journal);
            }
        }
    }

    private static String[] rotateArgs(Path profile) {
        return new String[] {"--cloud", profile.toString(), "--auth", "env", "rotate-key", "--service", "demo-ws/demo-dicom",
            "-g", "demo-rg", "--new-version", "--verify-for", "2s", "--yes", "-q"};
    }

    private static Process start(Map<String, String> env, Path profile, Path err) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(rotateArgs(profile)));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    /** The run has sent the held request: the rule's one use is taken. */
    private static void awaitHeld(SandboxCli cli, FaultRule rule, Process p, String step) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (cli.sandbox.faults().rules().contains(rule)) {
            assertTrue(p.isAlive(), step + ": the run ended before it was held (exit " + (p.isAlive() ? "" : p.exitValue()) + ")");
            assertTrue(Instant.now().isBefore(deadline), step + ": the run never sent the held request");
            Thread.sleep(50);
        }
    }

    /** Every line must parse: a torn line would not. */
    private static List<JsonNode> journal(SandboxCli cli) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(cli.journalFile())) {
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

    private static String serviceKey(SandboxCli cli) {
        return cli.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom");
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
}
