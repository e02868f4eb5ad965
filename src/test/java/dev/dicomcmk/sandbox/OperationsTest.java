package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.azure.CloudProfile;
import dev.dicomcmk.azure.CloudProfiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Faults, the admin API, the request log, cloud profiles and the state dir. */
class OperationsTest {

    private static final String KEY_URL = "https://demo-kv.vault.sandbox.test/keys/demo-key/?api-version=7.6";

    @Test
    void statusFaultsApplyCountTimes() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("healthy"))) {
            SandboxClient c = new SandboxClient(sb);
            sb.faults().add(FaultRule.respond(429, Map.of("Retry-After", "1"), "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}")
                    .forMethod("GET").forHost("demo-kv\\.vault\\..*").forPath("/keys/.*").times(2));
            String token = c.token("https://vault.sandbox.test/.default");
            for (int i = 0; i < 2; i++) {
                SandboxClient.Resp r = c.send("GET", KEY_URL, null, Map.of("Authorization", "Bearer " + token));
                assertEquals(429, r.status());
                assertEquals("1", r.header("Retry-After"));
            }
            assertEquals(200, c.send("GET", KEY_URL, null, Map.of("Authorization", "Bearer " + token)).status());
        }
    }

    @Test
    void resetAndStallFaults() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("healthy"))) {
            SandboxClient c = new SandboxClient(sb, Duration.ofSeconds(1));
            // forever: the JDK client retries an idempotent request once on a fresh connection
            sb.faults().add(FaultRule.reset().forHost("management\\..*"));
            assertThrows(RuntimeException.class, () -> c.send("GET", "https://management.sandbox.test/subscriptions", null, Map.of()));
            sb.faults().clear();
            sb.faults().add(FaultRule.stall().forHost("management\\..*").times(1));
            long t0 = System.nanoTime();
            assertThrows(RuntimeException.class, () -> c.send("GET", "https://management.sandbox.test/subscriptions", null, Map.of()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 900 && ms < 8000, "the client gave up after its timeout: " + ms + " ms");
            assertEquals(401, c.send("GET", "https://management.sandbox.test/subscriptions", null, Map.of()).status(),
                    "the sandbox keeps serving after a stall");
            assertTrue(sb.requestLog().entries().stream().anyMatch(e -> e.status() == 0));
        }
    }

    @Test
    void anExpiredTokenIsRefusedEverywhereUntilANewOneIsIssued() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("healthy"))) {
            SandboxClient c = new SandboxClient(sb);
            Map<String, String> admin = Map.of("X-Sandbox-Admin-Key", sb.credentials().adminKey());
            String vault = c.token("https://vault.sandbox.test/.default");
            String arm = c.token("https://management.sandbox.test/.default");
            Map<String, String> withVault = Map.of("Authorization", "Bearer " + vault);
            assertEquals(201, c.send("POST", "https://admin.sandbox.test/faults",
                    "{\"action\":\"expire_token\",\"host\":\"demo-kv\\\\..*\",\"count\":1}", admin).status());
            assertEquals(401, c.send("GET", KEY_URL.replace("demo-key/", "nothing/"), null, Map.of()).status(),
                    "a request without a token leaves the rule armed");
            assertEquals(1, sb.faults().rules().size());
            SandboxClient.Resp refused = c.send("GET", KEY_URL, null, withVault);
            assertEquals(401, refused.status(), "the token the rule met expires at once");
            assertTrue(refused.body().contains("AKV10013") && refused.header("WWW-Authenticate").contains("resource="),
                    refused.toString());
            SandboxClient.Resp atArm = c.send("GET", "https://management.sandbox.test/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
                    + "/resourceGroups/demo-rg?api-version=2021-04-01", null, withVault);
            assertTrue(atArm.status() == 401 && atArm.body().contains("ExpiredAuthenticationToken"),
                    "every endpoint refuses it as expired: " + atArm);
            assertEquals(0, sb.faults().rules().size(), "used up");
            assertEquals(401, c.send("GET", KEY_URL, null, withVault).status(), "and stays expired");
            assertEquals(200, c.send("GET", "https://management.sandbox.test/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
                    + "/resourceGroups/demo-rg/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom"
                    + "?api-version=2024-03-31", null, Map.of("Authorization", "Bearer " + arm)).status(),
                    "other tokens are untouched");
            assertEquals(200, c.send("GET", KEY_URL, null, Map.of("Authorization", "Bearer "
                    + new SandboxClient(sb).token("https://vault.sandbox.test/.default"))).status(), "a new token works");
        }
    }

    @Test
    void adminApiControlsTheSandbox() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("healthy"))) {
            SandboxClient c = new SandboxClient(sb);
            Map<String, String> admin = Map.of("X-Sandbox-Admin-Key", sb.credentials().adminKey());
            assertEquals(401, c.send("GET", "https://admin.sandbox.test/clock", null, Map.of()).status());
            var before = sb.clock().now();
            JsonNode clock = c.send("POST", "https://admin.sandbox.test/clock/advance", "{\"seconds\":3600}", admin).json();
            assertTrue(java.time.Instant.parse(clock.path("now").asText()).isAfter(before.plusSeconds(3599)));
            assertEquals(201, c.send("POST", "https://admin.sandbox.test/faults",
                    "{\"action\":\"status\",\"status\":503,\"host\":\"management\\\\..*\",\"count\":1}", admin).status());
            assertEquals(503, c.send("GET", "https://management.sandbox.test/subscriptions", null, Map.of()).status());
            JsonNode log = c.send("GET", "https://admin.sandbox.test/requests", null, admin).json();
            assertTrue(log.path("requests").size() >= 1);
            assertEquals(204, c.send("DELETE", "https://admin.sandbox.test/requests", null, admin).status());
            assertEquals(0, sb.requestLog().entries().size());
            JsonNode state = c.send("GET", "https://admin.sandbox.test/state", null, admin).json();
            assertEquals("healthy", state.path("scenario").asText());
            assertEquals(404, c.send("GET", "https://nowhere.sandbox.test/", null, Map.of()).status());
        }
    }

    @Test
    void requestLogHoldsNoSecrets() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("healthy"))) {
            SandboxClient c = new SandboxClient(sb);
            String token = c.token("https://vault.sandbox.test/.default");
            c.keyClient("https://demo-kv.vault.sandbox.test").getKey("demo-key");
            String log = sb.requestLog().entries().toString();
            assertTrue(log.contains("login.sandbox.test") && log.contains("/keys/demo-key"), log);
            assertFalse(log.contains(sb.credentials().clientSecret()));
            assertFalse(log.contains(token.substring(0, 40)));
            assertFalse(log.contains("Bearer"));
            assertTrue(sb.requestLog().entries().stream().anyMatch(e -> e.method().equals("POST")), "the sign-in was logged");
            assertEquals(0, sb.requestLog().writes(), "sign-ins and reads are not writes");
        }
    }

    @Test
    void writtenProfileRoundTripsThroughTheCloudProfileParser(@TempDir Path dir) throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("healthy"))) {
            Path json = sb.writeProfile(dir);
            CloudProfile parsed = CloudProfiles.resolve(json.toString());
            assertEquals(sb.cloudProfile(), parsed);
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(dir.resolve("credentials.env")));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(json));
            String env = Files.readString(dir.resolve("credentials.env"));
            assertTrue(env.contains("AZURE_CLIENT_SECRET=" + sb.credentials().clientSecret()));
            assertTrue(env.contains("AZURE_AUTHORITY_HOST=https://login.sandbox.test/"));
            // a client built only from the written profile reaches the sandbox
            SandboxClient.Resp r = new SandboxClient(sb).send("GET", "https://management.sandbox.test/subscriptions/x", null, Map.of());
            assertEquals(401, r.status());
        }
    }

    @Test
    void stateDirKeepsTheWorldCredentialsAndCa(@TempDir Path dir) throws Exception {
        String secret;
        String ca;
        String rotatedTo;
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("healthy").withStateDir(dir))) {
            secret = sb.credentials().clientSecret();
            ca = sb.caCertificatePem();
            rotatedTo = new SandboxClient(sb).keyClient("https://demo-kv.vault.sandbox.test").rotateKey("demo-key")
                    .getProperties().getVersion();
            sb.clock().advance(Duration.ofDays(2));
        }
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve(StateStore.FILE)));
        try (Sandbox again = Sandbox.start(SandboxConfig.of("weak-key").withStateDir(dir))) {
            assertEquals(secret, again.credentials().clientSecret());
            assertEquals(ca, again.caCertificatePem());
            assertEquals("healthy", again.world().scenario(), "a saved world wins over the scenario");
            assertEquals(rotatedTo, again.world().currentKeyVersion("demo-kv", "demo-key"));
            assertTrue(again.clock().now().isAfter(java.time.Instant.now().plus(Duration.ofDays(1))), "the clock kept its advance");
            assertEquals(rotatedTo, new SandboxClient(again).keyClient("https://demo-kv.vault.sandbox.test").getKey("demo-key")
                    .getProperties().getVersion());
        }
    }
}
