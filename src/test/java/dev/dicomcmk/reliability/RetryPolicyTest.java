package dev.dicomcmk.reliability;

import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SandboxIds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retry policy as the sandbox sees it: how many attempts, how far apart, what is never
 * retried, and that the writes which are retried land once.
 */
class RetryPolicyTest {

    private static final String SERVICE_GET = CommandRow.SERVICE_PATH;

    private static List<RequestLog.Entry> requestsTo(SandboxRun s, String method, String pathRegex) {
        return s.sandbox.requestLog().entries().stream()
                .filter(e -> e.method().equals(method) && e.path().matches("(?i)" + pathRegex)).toList();
    }

    private static CliRunner.Result validate(SandboxRun s, String... global) {
        String[] args = new String[global.length + 5];
        System.arraycopy(global, 0, args, 0, global.length);
        System.arraycopy(new String[] {"validate-key", "--service", CommandRow.SERVICE, "-g", SandboxIds.DEMO_RG}, 0,
                args, global.length, 5);
        return s.run(args);
    }

    @Test
    void aRetryAfterOfTwoSecondsDelaysTheRetryByAboutTwoSeconds() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            s.inject(FaultRule.respond(429, Map.of("Retry-After", "2"), null).forMethod("GET")
                    .forPath(SERVICE_GET).times(1));
            CliRunner.Result r = validate(s);
            assertEquals(0, r.exitCode(), r.describe());
            List<RequestLog.Entry> gets = requestsTo(s, "GET", SERVICE_GET);
            assertEquals(429, gets.get(0).status());
            assertEquals(200, gets.get(1).status());
            Duration gap = Duration.between(gets.get(0).time(), gets.get(1).time());
            // the back-off alone would be ~0.5 s; Retry-After wins
            assertTrue(gap.toMillis() >= 1900 && gap.toMillis() < 3500, "retry came " + gap.toMillis() + " ms after the 429");
        }
    }

    @Test
    void throttlingPastTheRetriesIsFourAttemptsThenExit6() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            s.inject(FaultRule.respond(429, Map.of("Retry-After", "0"), null).forMethod("GET").forPath(SERVICE_GET));
            CliRunner.Result r = validate(s);
            assertEquals(6, r.exitCode(), r.describe());
            assertEquals(4, requestsTo(s, "GET", SERVICE_GET).size(), "1 attempt + 3 retries");
        }
    }

    @Test
    void serverErrorsAreRetriedWithGrowingBackOff() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            s.inject(FaultRule.respond(500, Map.of(), null).forMethod("GET").forPath(SERVICE_GET));
            CliRunner.Result r = validate(s);
            assertEquals(6, r.exitCode(), r.describe());
            List<RequestLog.Entry> gets = requestsTo(s, "GET", SERVICE_GET);
            assertEquals(4, gets.size(), "1 attempt + 3 retries");
            long previous = 0;
            for (int i = 1; i < gets.size(); i++) {
                long gap = Duration.between(gets.get(i - 1).time(), gets.get(i).time()).toMillis();
                // exponential from 0.5 s with ±20 % jitter: ~0.5, ~1, ~2 s, each clearly longer than the last
                assertTrue(gap > previous && gap >= 300 && gap < 4000, "gap " + i + " was " + gap + " ms after " + previous);
                previous = gap;
            }
        }
    }

    @Test
    void aFailedSignInIsNeverRetried() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            s.inject(FaultRule.respond(400, Map.of(), "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: "
                    + "Invalid client secret provided.\",\"error_codes\":[7000215]}").forMethod("POST")
                    .forPath(".*/oauth2/v2.0/token"));
            // update-via-arm signs in from one thread (validate-key reads in parallel, and each reader that finds no
            // token asks for one: two requests that are not retries)
            CliRunner.Result r = s.run("update-via-arm", "--what-if", "--service", CommandRow.SERVICE, "-g", SandboxIds.DEMO_RG);
            assertEquals(4, r.exitCode(), r.describe());
            assertTrue(r.err().contains("AADSTS7000215"), r.describe());
            assertEquals(1, requestsTo(s, "POST", ".*/oauth2/v2.0/token").size(), "one token request, not four");
        }
    }

    @Test
    void aStalledAnswerEndsTheRunWithinTimeoutNotFourTimesIt() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            s.inject(FaultRule.stall().forMethod("GET").forPath(SERVICE_GET));
            long t0 = System.nanoTime();
            // update-via-arm reads the service on the main thread, through the retry policy alone
            CliRunner.Result r = s.run("--timeout", "2s", "update-via-arm", "--what-if", "--service", CommandRow.SERVICE,
                    "-g", SandboxIds.DEMO_RG);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(6, r.exitCode(), r.describe());
            assertTrue(r.err().contains("--timeout"), r.describe());
            // before: each of the 4 attempts waited the whole 2 s, plus back-off (~11.5 s)
            assertTrue(ms < 5000, "took " + ms + " ms");
            assertEquals(1, requestsTo(s, "GET", SERVICE_GET).size(), "no room left in --timeout for a second attempt");
        }
    }

    @Test
    void aRetriedDeploymentPutIsTheSameDeployment() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            // the first PUT never reaches the sandbox's ARM: a 503 from the front door, then the retry lands
            s.inject(FaultRule.respond(503, Map.of(), null).forMethod("PUT").forPath(".*/deployments/[^/]+").times(1));
            CliRunner.Result r = s.run("update-via-arm", "--deploy", "--yes", "--service", CommandRow.SERVICE, "-g",
                    SandboxIds.DEMO_RG, "--key-url", CommandRow.olderKey(s));
            assertEquals(0, r.exitCode(), r.describe());
            List<String> puts = s.sandbox.requestLog().deploymentPuts();
            assertEquals(2, puts.size(), "the 503 was retried: " + puts);
            assertEquals(puts.get(0), puts.get(1), "the retry is the same deployment, by name");
            assertEquals(Integer.valueOf(1), s.sandbox.world().read(w -> w.deployments.size()), "one deployment exists");
            assertEquals(CommandRow.olderKey(s), s.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom"));
        }
    }

    @Test
    void aRoleAssignmentPutRetriedAfterItLandedIsStillOneAssignment() {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            // a 500 in front of the first PUT; the retry must use the same deterministic name, so that even a
            // first PUT that had landed (its answer lost) could not leave a second assignment behind
            s.inject(FaultRule.respond(500, Map.of(), null).forMethod("PUT").forPath(".*/roleAssignments/.*").times(1));
            CliRunner.Result r = s.run("enable-identity", "--service", CommandRow.SERVICE, "-g", SandboxIds.DEMO_RG,
                    "--user-assigned", CommandRow.UAMI, "--grant-key-access", "--yes");
            assertEquals(0, r.exitCode(), r.describe());
            List<RequestLog.Entry> puts = requestsTo(s, "PUT", ".*/roleAssignments/.*");
            assertEquals(2, puts.size(), "the 500 was retried");
            assertEquals(puts.get(0).path(), puts.get(1).path(), "both attempts used the same deterministic name");
            assertEquals(1, s.sandbox.world().roleAssignmentsOf(SandboxIds.DEMO_UAMI_PRINCIPAL_ID).size());
        }
    }
}
