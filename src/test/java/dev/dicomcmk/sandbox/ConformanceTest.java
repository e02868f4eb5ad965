package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.world.AccessPolicy;
import dev.dicomcmk.testing.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Holds the sandbox's answers to the official examples and the real recordings in the reference folder
 * ({@link Reference}; skipped where it is not checked out, the in-repository contracts are WireContractTest):
 * same status, same field names and JSON types at every level, same enum casing, the relevant headers.
 * Every exemption below names why the sandbox legitimately differs.
 */
class ConformanceTest {

    private static final Path REF = Reference.dir();
    private static final String SUB = SandboxIds.SUBSCRIPTION_ID;
    private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/demo-rg/providers/";
    private static final String KV = "https://demo-kv.vault.sandbox.test";
    private static final Set<String> ARM_ENUMS = Set.of("type", "properties.provisioningState", "identity.type",
            "properties.eventState", "properties.publicNetworkAccess", "properties.principalType",
            "value[].type", "value[].properties.provisioningState", "value[].identity.type", "sku.family", "sku.name",
            "properties.sku.family", "properties.networkAcls.bypass", "properties.networkAcls.defaultAction",
            "properties.availabilityState", "properties.reasonType", "properties.category", "systemData.createdByType");
    private static final Set<String> KV_ENUMS = Set.of("key.kty", "key.key_ops[]", "attributes.recoveryLevel",
            "lifetimeActions[].action.type", "value[].attributes.recoveryLevel", "error.code", "type");

    private static Sandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() throws Exception {
        if (!Reference.present()) {
            return; // every test skips itself below
        }
        sandbox = Sandbox.start(SandboxConfig.of("healthy"));
        client = new SandboxClient(sandbox);
    }

    @BeforeEach
    void needsTheReferenceFolder() {
        Reference.assumePresent();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) { // null when the reference folder is absent and the class was skipped
            sandbox.close();
        }
    }

    // ---- ARM ------------------------------------------------------------------------------------

    @Test
    void dicomServiceGetMatchesTheOfficialExamples() throws Exception {
        Set<String> noStorage = Set.of("properties.storageConfiguration"); // optional; the demo service has none configured
        for (String[] ex : new String[][] {{"arm-examples/healthcareapis-2024-03-31/dicomservices/DicomServices_Get.json", "2024-03-31"},
                {"arm-examples/healthcareapis-2025-03-01-preview/dicomservices/DicomServices_Get.json", "2025-03-01-preview"}}) {
            SandboxClient.Resp r = client.arm(RG + "Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom?api-version=" + ex[1]);
            assertShape(example(ex[0], "200"), r, 200, noStorage, ARM_ENUMS);
            assertArmHeaders(r);
        }
    }

    @Test
    void dicomServiceListMatchesTheOfficialExample() throws Exception {
        SandboxClient.Resp r = client.arm(RG + "Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices?api-version=2024-03-31");
        // nextLink is absent on the last page, as ARM does; storage configuration is optional
        assertShape(example("arm-examples/healthcareapis-2024-03-31/dicomservices/DicomServices_List.json", "200"), r, 200,
                Set.of("nextLink", "value[].properties.storageConfiguration"), ARM_ENUMS);
    }

    @Test
    void dicomServiceGetMatchesTheRealRecording() throws Exception {
        JsonNode rec = Json.MAPPER.readTree(REF.resolve("recordings/arm-dicom/dicomservices-cli-recording-excerpts.json").toFile());
        JsonNode get = null;
        for (JsonNode r : rec.path("records")) {
            if (r.path("Method").asText().equals("GET") && r.path("Uri").asText().contains("/dicomservices/")
                    && !r.path("Uri").asText().contains("operationresults")) {
                get = r;
            }
        }
        assertNotNull(get, "the recording has a DICOM GET");
        SandboxClient.Resp r = client.arm(RG + "Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom?api-version=2021-11-01");
        assertShape(Json.MAPPER.readTree(get.path("Body").asText()), r, get.path("StatusCode").asInt(), Set.of(), ARM_ENUMS);
        assertEquals("demo-ws/demo-dicom", r.json().path("name").asText());
        assertTrue(Pattern.matches("\"[0-9a-f-]+\"", r.json().path("etag").asText()), r.json().path("etag").asText());
        assertTrue(r.json().path("properties").path("authenticationConfiguration").path("authority").asText().endsWith("/"));
    }

    @Test
    void vaultGetMatchesTheOfficialExample() throws Exception {
        sandbox.world().update(w -> w.vault("demo-kv").orElseThrow().accessPolicies.add(new AccessPolicy(w.tenantId,
                SandboxIds.OPERATOR_OBJECT_ID, List.of("get", "list"))));
        try {
            SandboxClient.Resp r = client.arm(RG + "Microsoft.KeyVault/vaults/demo-kv?api-version=2024-11-01");
            // hsmPoolResourceId is only returned for legacy HSM-pool vaults
            assertShape(example("keyvault-mgmt-examples/2024-11-01/getVault.json", "200"), r, 200,
                    Set.of("properties.hsmPoolResourceId"), ARM_ENUMS);
        } finally {
            sandbox.world().update(w -> w.vault("demo-kv").orElseThrow().accessPolicies.clear());
        }
    }

    @Test
    void vaultGetMatchesTheRealRecording() throws Exception {
        JsonNode rec = Json.MAPPER.readTree(REF.resolve("recordings/arm-keyvault/vaults-java-recording-excerpts.json").toFile());
        JsonNode get = rec.path("records").get(1);
        SandboxClient.Resp r = client.arm(RG + "Microsoft.KeyVault/vaults/demo-kv?api-version=2019-09-01");
        assertShape(Json.MAPPER.readTree(get.path("Body").asText()), r, 200, Set.of(), ARM_ENUMS);
        assertTrue(r.json().path("properties").path("vaultUri").asText().endsWith("/"));
    }

    @Test
    void managedHsmGetMatchesTheOfficialExample() throws Exception {
        try (Sandbox hsm = Sandbox.start(SandboxConfig.of("hsm-healthy"))) {
            SandboxClient.Resp r = new SandboxClient(hsm).arm(RG + "Microsoft.KeyVault/managedHSMs/demo-hsm?api-version=2024-11-01");
            assertShape(example("keyvault-mgmt-examples/2024-11-01/ManagedHsm_Get.json", "200"), r, 200, Set.of(), ARM_ENUMS);
        }
    }

    @Test
    void userAssignedIdentityMatchesTheOfficialExample() throws Exception {
        SandboxClient.Resp r = client.arm(RG.replace("resourceGroups", "resourcegroups")
                + "Microsoft.ManagedIdentity/userAssignedIdentities/demo-uami?api-version=2023-01-31");
        assertShape(example("arm-examples/managedidentity-2023-01-31/IdentityGet.json", "200"), r, 200, Set.of(), ARM_ENUMS);
    }

    @Test
    void roleAssignmentsMatchTheOfficialExamples() throws Exception {
        String keyScope = RG + "Microsoft.KeyVault/vaults/demo-kv/keys/demo-key";
        SandboxClient.Resp list = client.arm(keyScope + "/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()");
        assertShape(example("arm-examples/authorization-2022-04-01/RoleAssignments_ListForScope.json", "200"), list, 200, Set.of(), ARM_ENUMS);
        JsonNode first = list.json().path("value").get(0);
        assertTrue(first.path("properties").path("roleDefinitionId").asText()
                .startsWith("/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/"));
        SandboxClient.Resp one = client.arm(first.path("id").asText() + "?api-version=2022-04-01");
        assertShape(example("arm-examples/authorization-2022-04-01/RoleAssignments_Get.json", "200"), one, 200, Set.of(), ARM_ENUMS);
    }

    @Test
    void resourceHealthMatchesTheOfficialExamples() throws Exception {
        try (Sandbox broken = Sandbox.start(SandboxConfig.of("key-disabled"))) {
            SandboxClient c = new SandboxClient(broken);
            for (String v : List.of("2022-10-01", "2025-04-01")) {
                SandboxClient.Resp r = c.arm(RG + "Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom"
                        + "/providers/Microsoft.ResourceHealth/availabilityStatuses/current?api-version=" + v + "&$expand=recommendedactions");
                // no ETA is known for a customer-caused outage
                assertShape(example("resourcehealth-examples/" + v + "/AvailabilityStatus_GetByResource.json", "200"), r, 200,
                        Set.of("properties.resolutionETA"), ARM_ENUMS);
                assertEquals("Unavailable", r.json().path("properties").path("availabilityState").asText());
                assertTrue(r.json().path("properties").has("occuredTime"), "Azure's spelling");
            }
        }
    }

    // ---- Key Vault data plane -------------------------------------------------------------------

    @Test
    void keyReadsMatchTheOfficialExamples() throws Exception {
        String version = sandbox.world().currentKeyVersion("demo-kv", "demo-key");
        SandboxClient.Resp get = client.vault("GET", KV + "/keys/demo-key/" + version + "?api-version=7.5", null);
        // the demo key has no tags (Key Vault omits the field then; see the recordings)
        assertShape(example("keyvault-examples/data-plane-7.5/GetKey-example.json", "200"), get, 200, Set.of("tags"), KV_ENUMS);
        assertKeyVaultHeaders(get);
        SandboxClient.Resp versions = client.vault("GET", KV + "/keys/demo-key/versions?api-version=7.5&maxresults=1", null);
        assertShape(example("keyvault-examples/data-plane-7.5/GetKeyVersions-example.json", "200"), versions, 200, Set.of(), KV_ENUMS);
        SandboxClient.Resp keys = client.vault("GET", KV + "/keys?api-version=7.5&maxresults=1", null);
        assertShape(example("keyvault-examples/data-plane-7.5/GetKeys-example.json", "200"), keys, 200, Set.of(), KV_ENUMS);
    }

    @Test
    void keyWritesMatchTheOfficialExamples() throws Exception {
        SandboxClient.Resp created = client.vault("POST", KV + "/keys/conf-created/create?api-version=7.5",
                "{\"kty\":\"RSA\",\"key_size\":2048,\"attributes\":{},\"tags\":{\"purpose\":\"unit test\"}}");
        assertShape(example("keyvault-examples/data-plane-7.5/CreateKey-example.json", "200"), created, 200, Set.of(), KV_ENUMS);
        SandboxClient.Resp rotated = client.vault("POST", KV + "/keys/conf-created/rotate?api-version=7.5", null);
        assertShape(example("keyvault-examples/data-plane-7.5/RotateKey-example.json", "200"), rotated, 200, Set.of(), KV_ENUMS);
        String kid = rotated.json().path("key").path("kid").asText();
        SandboxClient.Resp updated = client.vault("PATCH", kid + "?api-version=7.5",
                "{\"key_ops\":[\"decrypt\",\"encrypt\"],\"attributes\":{\"enabled\":false,\"nbf\":631180800,\"exp\":4102444800}}");
        // UpdateKey-example shows a key without tags; ours keeps the tags it had
        assertShape(example("keyvault-examples/data-plane-7.5/UpdateKey-example.json", "200"), updated, 200, Set.of(), KV_ENUMS);
        String policy = "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P90D\"},\"action\":{\"type\":\"Rotate\"}},"
                + "{\"trigger\":{\"timeBeforeExpiry\":\"P30D\"},\"action\":{\"type\":\"Notify\"}}],\"attributes\":{\"expiryTime\":\"P2Y\"}}";
        SandboxClient.Resp put = client.vault("PUT", KV + "/keys/conf-created/rotationpolicy?api-version=7.5", policy);
        assertShape(example("keyvault-examples/data-plane-7.5/UpdateKeyRotationPolicy-example.json", "200"), put, 200, Set.of(), KV_ENUMS);
        SandboxClient.Resp got = client.vault("GET", KV + "/keys/conf-created/rotationpolicy?api-version=7.5", null);
        assertShape(example("keyvault-examples/data-plane-7.5/GetKeyRotationPolicy-example.json", "200"), got, 200, Set.of(), KV_ENUMS);
    }

    @Test
    void keyAnswersMatchTheRealRecordings() throws Exception {
        // getKey: create with an expiry, then GET latest with the trailing slash
        List<JsonNode> getKey = records("KeyClientTest.getKey[1].json");
        SandboxClient.Resp created = client.vault("POST", KV + "/keys/rec-get/create?api-version=7.3-preview",
                "{\"kty\":\"RSA\",\"attributes\":{\"exp\":2537049600}}");
        assertRecorded(getKey.get(0), created);
        assertRecorded(getKey.get(1), client.vault("GET", KV + "/keys/rec-get/?api-version=7.3-preview", null));
        // rotateKey: body-less POST
        List<JsonNode> rotate = records("KeyAsyncClientTest.rotateKey[1].json");
        assertRecorded(rotate.get(0), client.vault("POST", KV + "/keys/rec-rotate/create?api-version=7.3-preview", "{\"kty\":\"RSA\"}"));
        assertRecorded(rotate.get(1), client.vault("POST", KV + "/keys/rec-rotate/rotate?api-version=7.3-preview", null));
        // KeyNotFound: same status and body
        JsonNode nf = records("KeyClientTest.getKeyNotFound[1].json").get(0);
        SandboxClient.Resp missing = client.vault("GET", KV + "/keys/non-existing/?api-version=7.2", null);
        assertRecorded(nf, missing);
        assertEquals(Json.MAPPER.readTree(nf.path("Response").path("Body").asText()), missing.json());
        // a rotation policy never set: the exact default body
        JsonNode never = records("KeyClientTest.getKeyRotationPolicyWithNoPolicySet[1].json").get(1);
        SandboxClient.Resp def = client.vault("GET", KV + "/keys/rec-get/rotationpolicy?api-version=7.3-preview", null);
        assertRecorded(never, def);
        assertEquals(Json.MAPPER.readTree(never.path("Response").path("Body").asText()), def.json());
        // a policy with all properties, PUT then GET
        List<JsonNode> all = records("KeyAsyncClientTest.updateGetKeyRotationPolicyWithAllProperties[1].json");
        String body = "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P7D\"},\"action\":{\"type\":\"Rotate\"}},"
                + "{\"trigger\":{\"timeBeforeExpiry\":\"P7D\"},\"action\":{\"type\":\"Notify\"}}],\"attributes\":{\"expiryTime\":\"P6M\"}}";
        assertRecorded(all.get(1), client.vault("PUT", KV + "/keys/rec-get/rotationpolicy?api-version=7.3-preview", body));
        assertRecorded(all.get(2), client.vault("GET", KV + "/keys/rec-get/rotationpolicy?api-version=7.3-preview", null));
    }

    @Test
    void managedHsmAnswersMatchTheRecordingAndExample() throws Exception {
        try (Sandbox hsm = Sandbox.start(SandboxConfig.of("hsm-healthy"))) {
            SandboxClient c = new SandboxClient(hsm);
            String base = "https://demo-hsm.managedhsm.sandbox.test";
            JsonNode rec = records("KeyClientManagedHsmTest.createRsaKey[1].json").get(0);
            SandboxClient.Resp created = c.vault("POST", base + "/keys/rec-hsm/create?api-version=7.4",
                    "{\"kty\":\"RSA-HSM\",\"attributes\":{\"nbf\":949237199,\"exp\":2527113600},\"tags\":{\"foo\":\"baz\"}}");
            assertRecorded(rec, created);
            SandboxClient.Resp put = c.vault("PUT", base + "/keys/providers/Microsoft.Authorization/roleAssignments/conf-ra?api-version=7.5",
                    "{\"properties\":{\"roleDefinitionId\":\"Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/21dbd100-6940-42c2-9190-5d6cb909625b\",\"principalId\":\"" + SandboxIds.DEMO_UAMI_PRINCIPAL_ID + "\"}}");
            assertShape(example("keyvault-examples/data-plane-7.5/PutRoleAssignments-example.json", "201"), put, 201, Set.of(), KV_ENUMS);
            assertEquals("/keys", put.json().path("properties").path("scope").asText());
        }
    }

    @Test
    void challengesMatchTheRecordedHeaders() throws Exception {
        SandboxClient.Resp vault = client.send("POST", KV + "/keys/demo-key/create?api-version=7.6", null, java.util.Map.of());
        assertEquals(401, vault.status());
        assertEquals("Bearer authorization=\"https://login.sandbox.test/" + SandboxIds.TENANT_ID
                + "\", resource=\"https://vault.sandbox.test\"", vault.header("WWW-Authenticate"));
        assertEquals(Json.MAPPER.readTree("{\"error\":{\"code\":\"Unauthorized\",\"message\":\"Request is missing a Bearer or PoP token.\"}}"),
                vault.json());
        assertKeyVaultHeaders(vault);
        try (Sandbox hsm = Sandbox.start(SandboxConfig.of("hsm-healthy"))) {
            SandboxClient.Resp r = new SandboxClient(hsm).send("GET", "https://demo-hsm.managedhsm.sandbox.test/keys/demo-key/?api-version=7.6",
                    null, java.util.Map.of());
            assertEquals(401, r.status());
            assertEquals("Bearer authorization=\"https://login.sandbox.test/" + SandboxIds.TENANT_ID
                    + "\", resource=\"https://managedhsm.sandbox.test\"", r.header("WWW-Authenticate"));
            assertEquals("", r.body());
        }
        try (Sandbox other = Sandbox.start(SandboxConfig.of("other-tenant"))) {
            SandboxClient.Resp r = new SandboxClient(other).send("GET", KV + "/keys/demo-key/?api-version=7.6", null, java.util.Map.of());
            assertTrue(r.header("WWW-Authenticate").contains(SandboxIds.OTHER_TENANT_ID), r.header("WWW-Authenticate"));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static JsonNode example(String file, String status) throws Exception {
        Path p = Reference.file(file);
        JsonNode body = Json.MAPPER.readTree(p.toFile()).path("responses").path(status).path("body");
        assertFalse(body.isMissingNode(), file + " has no " + status + " body");
        return body;
    }

    private static List<JsonNode> records(String file) throws Exception {
        Path p = Reference.file("recordings/keyvault-keys/" + file);
        List<JsonNode> out = new java.util.ArrayList<>();
        Json.MAPPER.readTree(p.toFile()).path("networkCallRecords").forEach(out::add);
        return out;
    }

    /** Same status, body shape and Key Vault headers as a recorded call. */
    private static void assertRecorded(JsonNode record, SandboxClient.Resp ours) throws Exception {
        JsonNode resp = record.path("Response");
        String body = resp.path("Body").asText("");
        int status = resp.path("StatusCode").asInt();
        if (body.isEmpty()) {
            assertEquals(status, ours.status(), ours.body());
        } else {
            assertShape(Json.MAPPER.readTree(body), ours, status, Set.of(), KV_ENUMS);
        }
        for (String h : List.of("x-ms-keyvault-region", "x-ms-keyvault-service-version", "x-ms-keyvault-network-info",
                "x-ms-request-id", "Content-Type")) {
            if (resp.has(h)) {
                assertNotNull(ours.header(h), "header " + h + " missing for " + record.path("Uri").asText());
            }
        }
    }

    private static void assertShape(JsonNode reference, SandboxClient.Resp ours, int status, Set<String> exempt, Set<String> enums) {
        assertEquals(status, ours.status(), ours.body());
        List<String> problems = new ShapeComparator(exempt, enums).compare(reference, ours.json());
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nours: " + ours.body());
        assertEquals("application/json; charset=utf-8", ours.header("Content-Type"));
    }

    private static void assertArmHeaders(SandboxClient.Resp r) {
        assertNotNull(r.header("x-ms-request-id"));
        assertNotNull(r.header("x-ms-correlation-request-id"));
        assertNotNull(r.header("Date"));
    }

    private static void assertKeyVaultHeaders(SandboxClient.Resp r) {
        for (String h : List.of("x-ms-request-id", "x-ms-keyvault-region", "x-ms-keyvault-service-version",
                "x-ms-keyvault-network-info", "Date")) {
            assertNotNull(r.header(h), h);
        }
    }
}
