package dev.dicomcmk.sandbox;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.core.exception.HttpResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.world.WorldState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Every scenario starts and shows its documented deviation; seeding is deterministic and fleets are fast. */
class ScenariosTest {

    private static final String KV = "https://demo-kv.vault.sandbox.test";
    private static final String SERVICE = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
            + "/resourceGroups/demo-rg/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom";

    @Test
    void everyListedScenarioStartsAndServesTheDemoService() throws Exception {
        for (ScenarioInfo s : Scenarios.list()) {
            String name = s.name().equals("fleet-N") ? "fleet-3" : s.name().equals("shared-key-N") ? "shared-key-5" : s.name();
            assertFalse(s.description().isBlank());
            try (Sandbox sb = Sandbox.start(SandboxConfig.of(name))) {
                SandboxClient c = new SandboxClient(sb);
                SandboxClient.Resp r = c.arm(SERVICE + "?api-version=2024-03-31");
                assertEquals(200, r.status(), name + ": " + r.body());
            }
        }
    }

    @Test
    void theSpreadFleetStartsAndServesTheDemoService() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("fleet-6-in-4"))) {
            assertEquals(200, new SandboxClient(sb).arm(SERVICE + "?api-version=2024-03-31").status());
        }
        assertFalse(Scenarios.exists("fleet-6-in-0"));
        assertFalse(Scenarios.exists("fleet-20000-in-4"));
    }

    @Test
    void unknownScenarioListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sandbox.start(SandboxConfig.of("nope")));
        assertTrue(e.getMessage().contains("healthy") && e.getMessage().contains("fleet-N"), e.getMessage());
        assertTrue(Scenarios.exists("fleet-2000"));
        assertFalse(Scenarios.exists("fleet-2001"));
    }

    @Test
    void seedingIsDeterministicAndRelativeToTheClock() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        WorldState a = Scenarios.seed("healthy", start.getEpochSecond());
        WorldState b = Scenarios.seed("healthy", start.getEpochSecond());
        assertEquals(Json.text(Json.MAPPER.valueToTree(a)), Json.text(Json.MAPPER.valueToTree(b)));
        var key = a.vault("demo-kv").orElseThrow().key("demo-key").orElseThrow();
        assertEquals(start.getEpochSecond() - 40 * 86400, key.latest().created);
        assertEquals(start.getEpochSecond() - 200 * 86400, key.versions.get(0).created);
        assertNotEquals(key.latest().version, Scenarios.seed("weak-key", start.getEpochSecond())
                .vault("demo-kv").orElseThrow().key("demo-key").orElseThrow().latest().version);
    }

    @Test
    void keyScenariosChangeTheKey() throws Exception {
        assertEquals(4096, key("weak-key").getKey().getN().length * 8);
        assertEquals(KeyType.RSA, key("weak-key").getKeyType());
        KeyVaultKey ec = key("ec-key");
        assertEquals(KeyType.EC, ec.getKeyType());
        assertEquals("P-256", ec.getKey().getCurveName().toString());
        KeyVaultKey disabled = key("key-disabled");
        assertFalse(disabled.getProperties().isEnabled());
        KeyVaultKey expiring = key("key-expiring");
        long days = Duration.between(Instant.now(), expiring.getProperties().getExpiresOn().toInstant()).toDays();
        assertTrue(days >= 9 && days <= 10, "expires in " + days + " days");
    }

    @Test
    void serviceScenariosChangeTheServiceAndItsHealth() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("unversioned-url"))) {
            JsonNode s = new SandboxClient(sb).arm(SERVICE + "?api-version=2024-03-31").json();
            assertEquals("https://demo-kv.vault.sandbox.test/keys/demo-key",
                    s.path("properties").path("encryption").path("customerManagedKeyEncryption").path("keyEncryptionKeyUrl").asText());
        }
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("identity-missing"))) {
            JsonNode s = new SandboxClient(sb).arm(SERVICE + "?api-version=2024-03-31").json();
            assertEquals("None", s.path("identity").path("type").asText());
            assertFalse(s.path("identity").has("principalId"));
            assertFalse(sb.world().serviceAvailable("demo-ws", "demo-dicom"));
        }
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("user-assigned"))) {
            JsonNode id = new SandboxClient(sb).arm(SERVICE + "?api-version=2024-03-31").json().path("identity");
            assertEquals("UserAssigned", id.path("type").asText());
            assertTrue(sb.world().serviceAvailable("demo-ws", "demo-dicom"));
        }
        for (String broken : List.of("no-key-access", "firewall-blocked", "other-tenant", "key-disabled", "identity-moved",
                "access-lost-10m", "access-lost-45m")) {
            try (Sandbox sb = Sandbox.start(SandboxConfig.of(broken))) {
                assertFalse(sb.world().serviceAvailable("demo-ws", "demo-dicom"), broken);
                assertEquals(500, dicomApi(sb).status(), broken);
            }
        }
        for (String fine : List.of("healthy", "officer-role", "hsm-healthy", "no-purge-protection", "weak-key", "reader-forbidden")) {
            try (Sandbox sb = Sandbox.start(SandboxConfig.of(fine))) {
                assertTrue(sb.world().serviceAvailable("demo-ws", "demo-dicom"), fine);
                assertEquals("[]", dicomApi(sb).body(), fine);
            }
        }
    }

    @Test
    void vaultAndAccessScenarios() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("no-purge-protection"))) {
            JsonNode v = new SandboxClient(sb).arm("/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
                    + "/resourceGroups/demo-rg/providers/Microsoft.KeyVault/vaults/demo-kv?api-version=2024-11-01").json();
            assertFalse(v.path("properties").has("enablePurgeProtection"));
        }
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("firewall-blocked"))) {
            SandboxClient.Resp r = new SandboxClient(sb).vault("GET", KV + "/keys/demo-key/?api-version=7.6", null);
            assertEquals(403, r.status());
            assertEquals("ForbiddenByFirewall", r.json().path("error").path("innererror").path("code").asText());
            assertTrue(r.json().path("error").path("message").asText().contains("Client address: 127.0.0.1"));
        }
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("reader-forbidden"))) {
            SandboxClient.Resp r = new SandboxClient(sb).vault("GET", KV + "/keys/demo-key/?api-version=7.6", null);
            assertEquals(403, r.status());
            assertEquals("ForbiddenByRbac", r.json().path("error").path("innererror").path("code").asText());
            HttpResponseException e = assertThrows(HttpResponseException.class,
                    () -> new SandboxClient(sb).keyClient(KV).getKey("demo-key"));
            assertEquals(403, e.getResponse().getStatusCode());
        }
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("officer-role"))) {
            SandboxClient.Resp r = new SandboxClient(sb).arm("/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
                    + "/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=principalId%20eq%20'"
                    + SandboxIds.DEMO_DICOM_PRINCIPAL_ID + "'");
            assertTrue(r.json().path("value").get(0).path("properties").path("roleDefinitionId").asText()
                    .endsWith("14b46e9e-c2b7-41b4-b07b-48a6ebf60603"));
        }
    }

    @Test
    void worldChangesFromTestsTakeEffect() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("healthy"))) {
            String current = sb.world().currentKeyVersion("demo-kv", "demo-key");
            sb.world().setKeyEnabled("demo-kv", "demo-key", current, false);
            assertFalse(sb.world().serviceAvailable("demo-ws", "demo-dicom"));
            JsonNode health = new SandboxClient(sb).arm(SERVICE
                    + "/providers/Microsoft.ResourceHealth/availabilityStatuses/current?api-version=2025-04-01").json();
            assertEquals("Unavailable", health.path("properties").path("availabilityState").asText());
            sb.world().setKeyEnabled("demo-kv", "demo-key", current, true);
            assertFalse(sb.world().serviceAvailable("demo-ws", "demo-dicom"), "recovering takes a few minutes");
            sb.clock().advance(Duration.ofMinutes(6));
            assertTrue(sb.world().serviceAvailable("demo-ws", "demo-dicom"));
        }
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("access-lost-45m"))) {
            sb.world().update(w -> w.roleAssignments.add(new dev.dicomcmk.sandbox.world.RoleAssignment("restored",
                    w.vault("demo-kv").orElseThrow().id(w.subscriptionId) + "/keys/demo-key",
                    "e147488a-f6f5-4113-8e2d-b22465e65bf6", SandboxIds.DEMO_DICOM_PRINCIPAL_ID, sb.clock().nowEpochSecond())));
            sb.clock().advance(Duration.ofMinutes(10));
            assertFalse(sb.world().serviceAvailable("demo-ws", "demo-dicom"), "past 30 minutes a redeploy is needed");
            sb.world().redeploy("demo-ws", "demo-dicom");
            assertTrue(sb.world().serviceAvailable("demo-ws", "demo-dicom"));
        }
    }

    @Test
    void fleet2000SeedsAndListsWithPaging() throws Exception {
        WorldState w = Scenarios.seed("fleet-2000", Instant.now().getEpochSecond());
        assertEquals(2001, w.dicomServices.size());
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("fleet-2000"))) {
            SandboxClient c = new SandboxClient(sb);
            String filter = "resourceType eq 'Microsoft.HealthcareApis/workspaces/dicomservices'";
            SandboxClient.Resp page = c.arm("/subscriptions/" + SandboxIds.SUBSCRIPTION_ID + "/resources?api-version=2021-04-01&$top=500&$filter="
                    + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
            int total = page.json().path("value").size();
            String next = page.json().path("nextLink").asText("");
            while (!next.isEmpty()) {
                page = c.arm(next.substring("https://management.sandbox.test".length()));
                total += page.json().path("value").size();
                next = page.json().path("nextLink").asText("");
            }
            assertEquals(2001, total);
            assertEquals("fleet-ws-100/dicom-2000", Json.MAPPER.readTree(c.arm("/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
                    + "/resourceGroups/fleet-rg/providers/Microsoft.HealthcareApis/workspaces/fleet-ws-100/dicomservices/dicom-2000?api-version=2024-03-31")
                    .body()).path("name").asText());
            assertTrue(sb.world().serviceAvailable("fleet-ws-100", "dicom-2000"));
        }
    }

    @Test
    void sharedKeyPutsEveryServiceOnOneKeyBehindItsNewestVersion() {
        WorldState w = Scenarios.seed("shared-key-12", Instant.now().getEpochSecond());
        var key = w.vault(SharedKeyFleet.VAULT).orElseThrow().key(SharedKeyFleet.KEY).orElseThrow();
        assertEquals(3, key.versions.size());
        String prefix = "https://shared-kv.vault.sandbox.test/keys/shared-key/";
        var onKey = w.dicomServices.stream().filter(s -> s.keyEncryptionKeyUrl.startsWith(prefix)).toList();
        assertEquals(12, onKey.size());
        assertEquals(java.util.Set.of(prefix + key.versions.get(0).version, prefix + key.versions.get(1).version),
                onKey.stream().map(s -> s.keyEncryptionKeyUrl).collect(java.util.stream.Collectors.toSet()),
                "both older versions in use, the newest by none");
        assertEquals(java.util.Set.of(1, 2, 3, 4).stream().map(SharedKeyFleet::subscriptionId).collect(java.util.stream.Collectors.toSet()),
                onKey.stream().map(s -> w.subscriptionOf(s.resourceGroup)).collect(java.util.stream.Collectors.toSet()));
        assertEquals(4, w.dicomServices.stream().filter(s -> s.keyEncryptionKeyUrl.contains("/keys/" + SharedKeyFleet.DECOY_KEY + "/")).count());
        onKey.forEach(s -> assertTrue(w.roleAssignments.stream().anyMatch(r -> r.principalId.equals(s.principalId)
                && r.scope.endsWith("/vaults/shared-kv/keys/shared-key")), s.name));
        assertTrue(Scenarios.exists("shared-key-2000"));
        assertFalse(Scenarios.exists("shared-key-2001") || Scenarios.exists("shared-key-0"));
    }

    private static KeyVaultKey key(String scenario) throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of(scenario))) {
            KeyClient keys = new SandboxClient(sb).keyClient(KV);
            return keys.getKey("demo-key");
        }
    }

    private static SandboxClient.Resp dicomApi(Sandbox sb) {
        SandboxClient c = new SandboxClient(sb);
        return c.send("GET", "https://demo-ws-demo-dicom.dicom.sandbox.test/v2/changefeed", null,
                Map.of("Authorization", "Bearer " + c.token("https://dicom.healthcareapis.azure.com/.default")));
    }
}
