package dev.dicomcmk.sandbox;

import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.SyncPoller;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.rbac.BuiltInRoles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** ARM writes: DICOM PUT/PATCH, role assignments, access policies, user-assigned identities, through the SDK pipeline. */
class ArmWritesTest {

    private static final String API = "?api-version=2024-03-31";
    private static final String SUB = SandboxIds.SUBSCRIPTION_ID;
    private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/demo-rg";
    private static final String DICOM = RG + "/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom";
    private static final String UAMI_ID = "/subscriptions/" + SUB + "/resourcegroups/demo-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/demo-uami";
    private static final String KEY_SCOPE = RG + "/providers/Microsoft.KeyVault/vaults/demo-kv/keys/demo-key";
    private static final String ROLE_API = "?api-version=2022-04-01";

    private Sandbox sandbox;

    private ArmPipeline arm(String scenario) throws Exception {
        sandbox = Sandbox.start(SandboxConfig.of(scenario));
        return new ArmPipeline(new SandboxClient(sandbox));
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private String keyUrl(int version) {
        return "https://demo-kv.vault.sandbox.test/keys/demo-key/" + sandbox.world().keyVersions("demo-kv", "demo-key").get(version);
    }

    private static String putBody(String identityType, String keyUrl) {
        return "{\"location\":\"westus2\",\"identity\":{\"type\":\"" + identityType + "\"},\"properties\":{\"encryption\":"
                + "{\"customerManagedKeyEncryption\":{\"keyEncryptionKeyUrl\":\"" + keyUrl + "\"}},"
                + "\"provisioningState\":\"Failed\",\"serviceUrl\":\"https://elsewhere.example\"}}";
    }

    @Test
    void putReplacesTheServiceAndCompletesThroughTheManagementPoller() throws Exception {
        ArmPipeline arm = arm("healthy");
        JsonNode before = arm.get(DICOM + API);
        assertEquals("demo", before.path("tags").path("env").asText());
        assertTrue(before.path("properties").has("corsConfiguration"));

        SyncPoller<PollResult<Map>, Map> poller = arm.lro("PUT", DICOM + API, putBody("systemassigned", keyUrl(0)));
        var first = poller.poll();
        assertFalse(first.getStatus().isComplete(), "the first poll answers Running");
        poller.waitForCompletion(Duration.ofSeconds(10));
        JsonNode done = Json.MAPPER.valueToTree(poller.getFinalResult());

        assertEquals("Succeeded", done.path("properties").path("provisioningState").asText());
        assertEquals(keyUrl(0), done.path("properties").path("encryption").path("customerManagedKeyEncryption")
                .path("keyEncryptionKeyUrl").asText());
        assertEquals(0, done.path("tags").size(), "tags the PUT omitted are gone");
        assertFalse(done.path("properties").has("corsConfiguration"), "CORS the PUT omitted is gone");
        assertEquals("SystemAssigned", done.path("identity").path("type").asText(), "identity type stored in canonical casing");
        assertEquals(SandboxIds.DEMO_DICOM_PRINCIPAL_ID, done.path("identity").path("principalId").asText(),
                "a system identity that stays on keeps its principal");
        assertEquals("https://demo-ws-demo-dicom.dicom.sandbox.test", done.path("properties").path("serviceUrl").asText(),
                "read-only properties in the body are ignored");
        assertNotEquals(before.path("etag").asText(), done.path("etag").asText());

        List<RequestLog.Entry> polls = sandbox.requestLog().entries().stream()
                .filter(e -> e.path().contains("/operationresults/")).toList();
        assertTrue(polls.size() >= 2, "Running, then Succeeded: " + polls);
        assertEquals(1, sandbox.requestLog().writes());
    }

    @Test
    void putAnswers201WithTheAsyncOperationHeaderAndPollBodiesLikeTheRecording() throws Exception {
        ArmPipeline arm = arm("healthy");
        SandboxClient.Resp put = arm.send("PUT", DICOM + API, putBody("SystemAssigned", keyUrl(1)));
        assertEquals(201, put.status(), put.body());
        assertEquals("Updating", put.json().path("properties").path("provisioningState").asText());
        String async = put.header("Azure-AsyncOperation");
        assertTrue(async.matches("https://management\\.sandbox\\.test/subscriptions/" + SUB
                + "/providers/Microsoft\\.HealthcareApis/locations/westus2/operationresults/[a-z0-9]{25}\\?api-version=2024-03-31"), async);
        assertNull(put.header("Retry-After"));
        JsonNode running = arm.get(async);
        assertEquals("Running", running.path("status").asText());
        assertEquals(List.of("id", "name", "status", "startTime"), fieldNames(running));
        assertEquals("Updating", arm.get(DICOM + API).path("properties").path("provisioningState").asText());
        assertEquals("Succeeded", arm.get(async).path("status").asText());
        JsonNode after = arm.get(DICOM + API);
        assertEquals("Succeeded", after.path("properties").path("provisioningState").asText());
        assertNotEquals(put.json().path("etag").asText(), after.path("etag").asText(), "the finished operation gives a new etag");
    }

    @Test
    void putIsValidatedLikeTheResourceProvider() throws Exception {
        ArmPipeline arm = arm("healthy");
        String etag = arm.get(DICOM + API).path("etag").asText();
        assertError(arm.send("PUT", DICOM + API, "{\"properties\":{}}"), 400, "LocationRequired");
        assertError(arm.send("PUT", DICOM + API, "{\"location\":\"westus2\",\"identity\":{\"type\":\"Automatic\"}}"), 400,
                "InvalidIdentityType");
        assertError(arm.send("PUT", DICOM + API, "{\"location\":\"westus2\",\"identity\":{\"type\":\"UserAssigned\","
                + "\"userAssignedIdentities\":{\"" + UAMI_ID.replace("demo-uami", "ghost") + "\":{}}}}"), 400, "FailedIdentityOperation");
        assertError(arm.send("PUT", DICOM + API, putBody("SystemAssigned", keyUrl(1)), Map.of("If-Match", "\"stale\"")), 412,
                "PreconditionFailed");
        assertEquals(etag, arm.get(DICOM + API).path("etag").asText(), "refused writes change nothing");
        assertEquals(201, arm.send("PUT", DICOM + API, putBody("SystemAssigned", keyUrl(1)), Map.of("If-Match", etag)).status());

        SandboxClient.Resp uami = arm.send("PUT", DICOM + API, "{\"location\":\"West US 2\",\"identity\":{\"type\":\"userAssigned\","
                + "\"userAssignedIdentities\":{\"" + UAMI_ID.toUpperCase() + "\":{}}}}");
        assertEquals(201, uami.status(), uami.body());
        JsonNode identity = uami.json().path("identity");
        assertEquals("UserAssigned", identity.path("type").asText());
        assertFalse(identity.has("principalId"), "turning the system identity off removes its principal");
        JsonNode detail = identity.path("userAssignedIdentities").path(UAMI_ID.toUpperCase());
        assertEquals(SandboxIds.DEMO_UAMI_PRINCIPAL_ID, detail.path("principalId").asText());
        assertEquals(SandboxIds.DEMO_UAMI_CLIENT_ID, detail.path("clientId").asText());
        assertFalse(uami.json().path("properties").has("encryption"), "the omitted key is gone too");
    }

    @Test
    void patchTakesOnlyTagsAndIdentityAndKeepsEverythingElse() throws Exception {
        ArmPipeline arm = arm("healthy");
        JsonNode before = arm.get(DICOM + API);
        SandboxClient.Resp patched = arm.send("PATCH", DICOM + API, "{\"identity\":{\"type\":\"SystemAssigned, UserAssigned\","
                + "\"userAssignedIdentities\":{\"" + UAMI_ID + "\":{}}}}");
        assertEquals(200, patched.status(), patched.body());
        assertNull(patched.header("Azure-AsyncOperation"), "the recorded PATCH is synchronous");
        JsonNode after = patched.json();
        assertEquals("SystemAssigned,UserAssigned", after.path("identity").path("type").asText());
        assertEquals(SandboxIds.DEMO_DICOM_PRINCIPAL_ID, after.path("identity").path("principalId").asText());
        assertEquals(before.path("properties").path("encryption"), after.path("properties").path("encryption"));
        assertEquals(before.path("tags"), after.path("tags"));
        assertEquals("Succeeded", after.path("properties").path("provisioningState").asText());

        assertEquals(200, arm.send("PATCH", DICOM + API, "{\"tags\":{\"owner\":\"ops\"}}").status());
        assertEquals("{\"owner\":\"ops\"}", Json.text(arm.get(DICOM + API).path("tags")), "PATCH tags replace the tag set");
        assertError(arm.send("PATCH", DICOM + API, "{\"properties\":{\"encryption\":{}}}"), 400, "InvalidRequestContent");
    }

    @Test
    void systemIdentityOffThenOnGetsANewPrincipal() throws Exception {
        ArmPipeline arm = arm("healthy");
        assertTrue(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"));
        JsonNode off = arm.send("PATCH", DICOM + API, "{\"identity\":{\"type\":\"None\"}}").json();
        assertFalse(off.path("identity").has("principalId"));
        assertFalse(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"), "no identity, no key access");
        JsonNode on = arm.send("PATCH", DICOM + API, "{\"identity\":{\"type\":\"SystemAssigned\"}}").json();
        String principal = on.path("identity").path("principalId").asText();
        assertFalse(principal.isEmpty());
        assertNotEquals(SandboxIds.DEMO_DICOM_PRINCIPAL_ID, principal);
        assertEquals(SandboxIds.TENANT_ID, on.path("identity").path("tenantId").asText());
        assertFalse(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"), "the old role assignment is for the old principal");
    }

    @Test
    void roleAssignmentsRefuseDuplicatesAndNotYetReplicatedPrincipals() throws Exception {
        ArmPipeline arm = arm("healthy");
        String ra = KEY_SCOPE + "/providers/Microsoft.Authorization/roleAssignments/";
        String role = "/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER;
        SandboxClient.Resp dup = arm.send("PUT", ra + "8f4b2c1e-1111-4a2b-9c3d-5e6f7a8b9c0d" + ROLE_API, assignment(role,
                SandboxIds.DEMO_DICOM_PRINCIPAL_ID, null));
        assertError(dup, 409, "RoleAssignmentExists");
        assertEquals("The role assignment already exists.", dup.json().path("error").path("message").asText());
        assertError(arm.send("PUT", ra + "8f4b2c1e-2222-4a2b-9c3d-5e6f7a8b9c0d" + ROLE_API, assignment(role.replace(
                BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER, "00000000-0000-4000-8000-000000000000"), SandboxIds.OPERATOR_OBJECT_ID, null)),
                400, "RoleDefinitionDoesNotExist");

        arm.send("PATCH", DICOM + API, "{\"identity\":{\"type\":\"None\"}}");
        String principal = arm.send("PATCH", DICOM + API, "{\"identity\":{\"type\":\"SystemAssigned\"}}").json()
                .path("identity").path("principalId").asText();
        String name = "8f4b2c1e-3333-4a2b-9c3d-5e6f7a8b9c0d";
        SandboxClient.Resp early = arm.send("PUT", ra + name + ROLE_API, assignment(role, principal, null));
        assertError(early, 400, "PrincipalNotFound");
        assertTrue(early.json().path("error").path("message").asText().startsWith("Principal " + principal.replace("-", "")
                + " does not exist in the directory " + SandboxIds.TENANT_ID + "."), early.body());
        sandbox.clock().advance(Duration.ofSeconds(21));
        arm = new ArmPipeline(new SandboxClient(sandbox));
        SandboxClient.Resp created = arm.send("PUT", ra + name + ROLE_API, assignment(role, principal, null));
        assertEquals(201, created.status(), created.body());
        assertEquals(role, created.json().path("properties").path("roleDefinitionId").asText(), "roleDefinitionId echoed");
        assertEquals(KEY_SCOPE, created.json().path("properties").path("scope").asText());
        assertFalse(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"), "recovering: a short outage heals in minutes");
        sandbox.clock().advance(Duration.ofMinutes(6));
        assertTrue(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"), "the new principal can use the key again");
        assertEquals(200, arm.send("PUT", ra + name + ROLE_API, assignment(role, principal, null)).status(),
                "the same assignment PUT again (a re-run) is accepted");
        assertEquals(1, sandbox.requestLog().roleAssignmentPuts().stream().filter(e -> e.status() == 201).count());

        assertEquals(200, arm.send("DELETE", ra + name + ROLE_API, null).status());
        assertEquals(204, arm.send("DELETE", ra + name + ROLE_API, null).status());
        assertFalse(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"));
    }

    @Test
    void principalTypeSkipsTheReplicationDelayAsDocumented() throws Exception {
        ArmPipeline arm = arm("healthy");
        SandboxClient.Resp uami = arm.send("PUT", RG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/fresh-mi?api-version=2023-01-31",
                "{\"location\":\"westus2\"}");
        String principal = uami.json().path("properties").path("principalId").asText();
        String role = "/providers/Microsoft.Authorization/roleDefinitions/" + BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER;
        String url = KEY_SCOPE + "/providers/Microsoft.Authorization/roleAssignments/8f4b2c1e-4444-4a2b-9c3d-5e6f7a8b9c0d" + ROLE_API;
        assertError(arm.send("PUT", url, assignment(role, principal, null)), 400, "PrincipalNotFound");
        assertEquals(201, arm.send("PUT", url, assignment(role, principal, "ServicePrincipal")).status());
    }

    @Test
    void userAssignedIdentityRecreatedUnderTheSameNameIsANewPrincipal() throws Exception {
        ArmPipeline arm = arm("user-assigned");
        String url = RG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/demo-uami?api-version=2023-01-31";
        assertTrue(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"));
        SandboxClient.Resp again = arm.send("PUT", url, "{\"location\":\"westus2\",\"tags\":{\"team\":\"imaging\"}}");
        assertEquals(200, again.status(), again.body());
        assertEquals(SandboxIds.DEMO_UAMI_PRINCIPAL_ID, again.json().path("properties").path("principalId").asText());
        assertEquals(200, arm.send("DELETE", url, null).status());
        assertFalse(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"), "the service's identity is gone");
        assertEquals(204, arm.send("DELETE", url, null).status());
        SandboxClient.Resp recreated = arm.send("PUT", url, "{\"location\":\"westus2\"}");
        assertEquals(201, recreated.status());
        String principal = recreated.json().path("properties").path("principalId").asText();
        assertNotEquals(SandboxIds.DEMO_UAMI_PRINCIPAL_ID, principal);
        assertNotEquals(SandboxIds.DEMO_UAMI_CLIENT_ID, recreated.json().path("properties").path("clientId").asText());
        assertFalse(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"), "the role assignment names the old principal");
    }

    @Test
    void accessPolicyAddMergesPermissionsPerObjectId() throws Exception {
        ArmPipeline arm = arm("healthy");
        String url = RG + "/providers/Microsoft.KeyVault/vaults/demo-kv/accessPolicies/add?api-version=2024-11-01";
        String object = "5d2c4b1a-0000-4c3d-8e9f-0a1b2c3d4e5f";
        SandboxClient.Resp first = arm.send("PUT", url, policy(object, "[\"get\"]"));
        assertEquals(200, first.status(), first.body());
        assertEquals("Microsoft.KeyVault/vaults/accessPolicies", first.json().path("type").asText());
        assertEquals(200, arm.send("PUT", url, policy(object, "[\"WRAPKEY\",\"unwrapKey\",\"get\"]")).status());
        JsonNode policies = arm.get(RG + "/providers/Microsoft.KeyVault/vaults/demo-kv?api-version=2024-11-01")
                .path("properties").path("accessPolicies");
        assertEquals(1, policies.size());
        assertEquals("[\"get\",\"wrapKey\",\"unwrapKey\"]", Json.text(policies.get(0).path("permissions").path("keys")));
        assertEquals(200, arm.send("PUT", url.replace("/add?", "/remove?"), policy(object, "[\"get\",\"wrapKey\",\"unwrapKey\"]")).status());
        assertEquals(0, arm.get(RG + "/providers/Microsoft.KeyVault/vaults/demo-kv?api-version=2024-11-01")
                .path("properties").path("accessPolicies").size(), "an entry left without permissions is dropped");
        assertError(arm.send("PUT", url, policy(object, "[\"fly\"]")), 400, "BadRequest");
    }

    @Test
    void aPutIsTheRedeployThatBringsBackAServiceAfterALongOutage() throws Exception {
        ArmPipeline arm = arm("access-lost-45m");
        String role = "/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER;
        assertEquals(201, arm.send("PUT", KEY_SCOPE + "/providers/Microsoft.Authorization/roleAssignments/8f4b2c1e-5555-4a2b-9c3d-5e6f7a8b9c0d"
                + ROLE_API, assignment(role, SandboxIds.DEMO_DICOM_PRINCIPAL_ID, null)).status());
        assertFalse(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"), "access back after 45 minutes needs a redeploy");
        JsonNode current = arm.get(DICOM + API);
        arm.lro("PUT", DICOM + API, Json.text(current)).waitForCompletion(Duration.ofSeconds(10));
        assertTrue(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"));
    }

    @Test
    void throttlingFaultsCarryRetryAfterAndTheArmErrorShape() throws Exception {
        ArmPipeline arm = arm("healthy");
        sandbox.faults().add(FaultRule.respond(429, null, null).forHost("management\\..*").forMethod("PUT").times(1));
        SandboxClient.Resp raw = new SandboxClient(sandbox).send("PUT", ArmPipeline.HOST + DICOM + API, "{}", Map.of());
        assertEquals(429, raw.status());
        assertEquals("1", raw.header("Retry-After"));
        assertEquals("TooManyRequests", raw.json().path("error").path("code").asText());
        sandbox.faults().add(FaultRule.respond(429, Map.of("Retry-After", "7"), null).forHost("demo-kv\\..*").times(1));
        SandboxClient.Resp kv = new SandboxClient(sandbox).send("GET", "https://demo-kv.vault.sandbox.test/keys/demo-key?api-version=7.6", null, Map.of());
        assertEquals("7", kv.header("Retry-After"));
        assertEquals("Throttled", kv.json().path("error").path("code").asText());
    }

    @Test
    void managedHsmRoleAssignmentsTakeNewPrincipalsAndRefuseMatchingOnes() throws Exception {
        arm("hsm-healthy");
        SandboxClient client = new SandboxClient(sandbox);
        String base = "https://demo-hsm.managedhsm.sandbox.test/keys/demo-key/providers/Microsoft.Authorization/roleAssignments/";
        String role = "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + dev.dicomcmk.sandbox.rbac.HsmRoles.CRYPTO_SERVICE_ENCRYPTION_USER;
        String body = "{\"properties\":{\"roleDefinitionId\":\"" + role + "\",\"principalId\":\"" + SandboxIds.DEMO_DICOM_PRINCIPAL_ID + "\"}}";
        SandboxClient.Resp dup = client.vault("PUT", base + "b7a1c2d3-0000-4e5f-8a9b-0c1d2e3f4a5b?api-version=7.6", body);
        assertEquals(400, dup.status(), dup.body());
        assertEquals("MatchingRoleAssignmentExists", dup.json().path("error").path("code").asText());
        ArmPipeline arm = new ArmPipeline(client);
        String fresh = arm.send("PUT", RG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/hsm-mi?api-version=2023-01-31",
                "{\"location\":\"westus2\"}").json().path("properties").path("principalId").asText();
        SandboxClient.Resp ok = client.vault("PUT", base + "b7a1c2d3-1111-4e5f-8a9b-0c1d2e3f4a5b?api-version=7.6",
                body.replace(SandboxIds.DEMO_DICOM_PRINCIPAL_ID, fresh));
        assertEquals(201, ok.status(), "the HSM does not wait for Entra replication: " + ok.body());
    }

    private static String assignment(String role, String principal, String principalType) {
        return "{\"properties\":{\"roleDefinitionId\":\"" + role + "\",\"principalId\":\"" + principal + "\""
                + (principalType == null ? "" : ",\"principalType\":\"" + principalType + "\"") + "}}";
    }

    private static String policy(String objectId, String keys) {
        return "{\"properties\":{\"accessPolicies\":[{\"tenantId\":\"" + SandboxIds.TENANT_ID + "\",\"objectId\":\"" + objectId
                + "\",\"permissions\":{\"keys\":" + keys + ",\"secrets\":[],\"certificates\":[]}}]}}";
    }

    static void assertError(SandboxClient.Resp r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.json().path("error").path("code").asText(), r.body());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
