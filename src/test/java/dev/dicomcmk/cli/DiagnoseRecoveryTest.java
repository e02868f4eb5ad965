package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.SandboxIds;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two recovery stories an admin lives through, end to end against the sandbox: access lost
 * briefly (restore it, the service comes back by itself, --watch sees it), and access lost for
 * longer than 30 minutes (restore it, redeploy, healthy). Each fix is the command diagnose named.
 */
class DiagnoseRecoveryTest {

    private static final String[] DIAGNOSE = {"diagnose", "--service", "demo-ws/demo-dicom", "-g", SandboxIds.DEMO_RG};

    @Test
    void roleRevokedTenMinutesAgoRecoversByItselfOnceAccessIsBack() throws Exception {
        try (SandboxCli cli = new SandboxCli("access-lost-10m")) {
            CliRunner.Result before = cli.run(DIAGNOSE);
            assertEquals(3, before.exitCode(), before.describe());
            assertTrue(before.out().contains("access broke 10 minutes ago, under 30 minutes"), before.describe());
            assertTrue(before.out().contains("dicom-cmk enable-identity --grant-key-access --service"), before.describe());

            // the fix diagnose named
            CliRunner.Result grant = cli.run("enable-identity", "--grant-key-access", "--service", "demo-ws/demo-dicom",
                    "-g", SandboxIds.DEMO_RG, "-y");
            assertEquals(0, grant.exitCode(), grant.describe());

            // the watch sees the service recovering; once its second check has begun (so the first one, printed
            // in full, saw RECOVERING), the sandbox clock runs past the 5 minutes recovery takes
            long healthReads = healthReads(cli.sandbox) + 1;
            CompletableFuture<CliRunner.Result> watch = CompletableFuture.supplyAsync(() -> cli.run(with(DIAGNOSE,
                    "--watch", "--interval", "1s", "--until-healthy", "2m")));
            waitForMoreHealthReads(cli.sandbox, healthReads);
            cli.sandbox.clock().advance(Duration.ofMinutes(6));
            CliRunner.Result after = watch.get(60, TimeUnit.SECONDS);

            assertEquals(0, after.exitCode(), after.describe());
            assertTrue(after.out().contains("RECOVERING"), after.describe());
            assertTrue(after.out().contains("cleared: RECOVERING"), after.describe());
            assertTrue(after.out().contains("status: BROKEN -> HEALTHY"), after.describe());
            assertTrue(after.out().contains("Resource Health: Unavailable -> Available"), after.describe());
            assertTrue(after.out().matches("(?s).*healthy after \\d+ checks.*"), after.describe());
        }
    }

    @Test
    void roleRevoked45MinutesAgoNeedsARedeployAfterAccessIsBack() throws Exception {
        try (SandboxCli cli = new SandboxCli("access-lost-45m")) {
            CliRunner.Result before = cli.run(with(DIAGNOSE, "-o", "json"));
            assertEquals(3, before.exitCode(), before.describe());
            JsonNode doc = new ObjectMapper().readTree(before.out());
            assertEquals("OVER_30_MINUTES", doc.path("timeline").path("bucket").asText(), before.describe());
            assertTrue(doc.path("nextSteps").toString().contains("dicom-cmk update-via-arm --deploy --service"));

            CliRunner.Result grant = cli.run("enable-identity", "--grant-key-access", "--service", "demo-ws/demo-dicom",
                    "-g", SandboxIds.DEMO_RG, "-y");
            assertEquals(0, grant.exitCode(), grant.describe());
            CliRunner.Result restored = cli.run(with(DIAGNOSE, "-o", "json"));
            JsonNode r = new ObjectMapper().readTree(restored.out());
            assertEquals(3, restored.exitCode(), restored.describe());
            assertEquals("NEEDS-REDEPLOY", r.path("causes").path(0).path("id").asText(), restored.describe());
            assertTrue(r.path("nextSteps").path(0).asText().startsWith("dicom-cmk update-via-arm --deploy --service"));

            // the next step diagnose named: re-deploy the current properties, so the service re-validates its key
            CliRunner.Result deploy = cli.run("update-via-arm", "--deploy", "--service", "demo-ws/demo-dicom",
                    "-g", SandboxIds.DEMO_RG, "-y", "--out-dir", Files.createTempDirectory("dicom-cmk-deploy-").toString());
            assertEquals(0, deploy.exitCode(), deploy.describe());
            CliRunner.Result after = cli.run(with(DIAGNOSE, "--watch", "--interval", "1s", "--until-healthy", "30s",
                    "-o", "json"));
            assertEquals(0, after.exitCode(), after.describe());
            JsonNode end = new ObjectMapper().readTree(after.out());
            assertEquals("HEALTHY", end.path("status").asText(), after.describe());
            assertEquals("healthy", end.path("watch").path("ended").asText(), after.describe());
        }
    }

    @Test
    void watchGivesUpAtItsDeadlineAndExits3() throws Exception {
        try (SandboxCli cli = new SandboxCli("key-disabled")) {
            CliRunner.Result r = cli.run(with(DIAGNOSE, "--watch", "--interval", "1s", "--until-healthy", "2s", "-q"));
            assertEquals(3, r.exitCode(), r.describe());
            assertTrue(r.out().contains("still BROKEN after"), r.describe());
        }
    }

    private static long healthReads(Sandbox sandbox) {
        return sandbox.requestLog().entries().stream()
                .filter(e -> e.path().toLowerCase(java.util.Locale.ROOT).endsWith("/availabilitystatuses/current")).count();
    }

    private static void waitForMoreHealthReads(Sandbox sandbox, long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (healthReads(sandbox) <= before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
