package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The wire contracts every build holds the sandbox to, from the fixtures in src/test/resources/wire
 * (written from the documented schemas, see the README there). ConformanceTest and WriteConformanceTest
 * add the comparison with Microsoft's own examples and recordings where those are checked out.
 */
class WireContractTest {

    private static final String RG = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID + "/resourceGroups/demo-rg/providers/";
    private static final String DICOM = RG + "Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom";
    private static final String KV = "https://demo-kv.vault.sandbox.test";
    private static final Set<String> ENUMS = Set.of("type", "identity.type", "properties.provisioningState", "properties.eventState",
            "properties.publicNetworkAccess", "properties.sku.family", "properties.networkAcls.bypass", "status",
            "value[].type", "value[].properties.principalType", "properties.availabilityState", "key.kty", "key.key_ops[]",
            "attributes.recoveryLevel", "error.code", "lifetimeActions[].action.type");

    private static Sandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.of("healthy"));
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void dicomServiceGet() throws Exception {
        SandboxClient.Resp r = client.arm(DICOM + "?api-version=2024-03-31");
        assertShape("dicomservice.json", r, 200);
        assertEquals("demo-ws/demo-dicom", r.json().path("name").asText(), "real traffic names the child <workspace>/<dicom>");
    }

    @Test
    void dicomServicePutIsA201WithAnAsyncOperationToPoll() throws Exception {
        ArmPipeline arm = new ArmPipeline(client);
        String url = DICOM + "?api-version=2024-03-31";
        SandboxClient.Resp put = arm.send("PUT", url, Json.text(arm.get(url)));
        assertEquals(201, put.status(), put.body());
        assertNull(put.header("Location"), "the documented PUT answers Azure-AsyncOperation only");
        JsonNode poll = arm.get(put.header("Azure-AsyncOperation"));
        List<String> problems = new ShapeComparator(Set.of(), Set.of()).compare(fixture("dicomservice-operation-running.json"), poll);
        assertTrue(problems.isEmpty(), problems + "\nours: " + poll);
        assertTrue(Set.of("Running", "Succeeded").contains(poll.path("status").asText()), poll.toString());
    }

    @Test
    void vaultAndIdentityAndRoleAssignments() throws Exception {
        assertShape("vault.json", client.arm(RG + "Microsoft.KeyVault/vaults/demo-kv?api-version=2024-11-01"), 200);
        assertShape("user-assigned-identity.json",
                client.arm(RG + "Microsoft.ManagedIdentity/userAssignedIdentities/demo-uami?api-version=2023-01-31"), 200);
        assertShape("role-assignment-list.json", client.arm(RG + "Microsoft.KeyVault/vaults/demo-kv/keys/demo-key"
                + "/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()"), 200);
    }

    @Test
    void keyVaultKeyReadsAndErrors() throws Exception {
        SandboxClient.Resp key = client.vault("GET", KV + "/keys/demo-key/?api-version=7.5", null);
        assertShape("key-bundle.json", key, 200);
        assertTrue(key.json().path("key").path("kid").asText().matches(".*/keys/demo-key/[0-9a-f]{32}"), "versions are 32 lower-case hex");
        assertShape("key-not-found.json", client.vault("GET", KV + "/keys/no-such-key/?api-version=7.5", null), 404);
        client.vault("POST", KV + "/keys/wire-fresh/create?api-version=7.5", "{\"kty\":\"RSA\",\"key_size\":2048}");
        SandboxClient.Resp policy = client.vault("GET", KV + "/keys/wire-fresh/rotationpolicy?api-version=7.5", null);
        assertShape("rotation-policy-never-set.json", policy, 200);
        assertEquals(fixture("rotation-policy-never-set.json"), policy.json(), "the documented default, byte for byte in JSON");
    }

    @Test
    void resourceHealthOfAServiceThatLostItsKey() throws Exception {
        try (Sandbox broken = Sandbox.start(SandboxConfig.of("key-disabled"))) {
            SandboxClient.Resp r = new SandboxClient(broken).arm(DICOM
                    + "/providers/Microsoft.ResourceHealth/availabilityStatuses/current?api-version=2025-04-01");
            assertShape("availability-status.json", r, 200);
            assertEquals("Unavailable", r.json().path("properties").path("availabilityState").asText());
        }
    }

    @Test
    void armRefusesWithTheAuthorizationFailedEnvelope() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("operator-reader"))) {
            SandboxClient c = new SandboxClient(sb);
            SandboxClient.Resp put = c.send("PUT", "https://management.sandbox.test" + DICOM + "?api-version=2024-03-31",
                    c.arm(DICOM + "?api-version=2024-03-31").body(),
                    Map.of("Authorization", "Bearer " + c.token("https://management.sandbox.test/.default")));
            assertShape("authorization-failed.json", put, 403);
        }
    }

    static JsonNode fixture(String name) throws Exception {
        try (InputStream in = WireContractTest.class.getResourceAsStream("/wire/" + name)) {
            assertNotNull(in, "fixture /wire/" + name);
            return Json.MAPPER.readTree(in);
        }
    }

    private static void assertShape(String fixture, SandboxClient.Resp ours, int status) throws Exception {
        assertEquals(status, ours.status(), ours.body());
        List<String> problems = new ShapeComparator(Set.of(), ENUMS).compare(fixture(fixture), ours.json());
        assertTrue(problems.isEmpty(), fixture + ":\n" + String.join("\n", problems) + "\nours: " + ours.body());
    }
}
