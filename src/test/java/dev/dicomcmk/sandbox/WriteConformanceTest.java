package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.testing.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The answers to ARM writes held to the official examples and real recordings in the reference folder
 * ({@link Reference}: skipped where it is not checked out; WireContractTest holds the in-repository contracts)
 * (same status, field names and JSON types, enum casing). Exemptions name why the sandbox differs.
 */
class WriteConformanceTest {

    private static final Path REF = Reference.dir();
    private static final String SUB = SandboxIds.SUBSCRIPTION_ID;
    private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/demo-rg";
    private static final String DICOM = RG + "/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom?api-version=2024-03-31";
    private static final Set<String> ENUMS = Set.of("type", "properties.provisioningState", "identity.type",
            "properties.principalType", "status", "properties.mode", "properties.changes[].changeType",
            "properties.changes[].delta[].propertyChangeType");

    private static Sandbox sandbox;
    private static ArmPipeline arm;

    @BeforeAll
    static void start() throws Exception {
        if (!Reference.present()) {
            return; // every test skips itself below
        }
        sandbox = Sandbox.start(SandboxConfig.of("healthy"));
        arm = new ArmPipeline(new SandboxClient(sandbox));
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

    @Test
    void dicomPutAndPatchMatchTheExamplesAndTheRecording() throws Exception {
        JsonNode current = arm.get(DICOM);
        SandboxClient.Resp put = arm.send("PUT", DICOM, Json.text(current));
        // the 201 example shows a system identity and an empty storageConfiguration; the demo service has no storage
        // serviceUrl is null in the example because it is a create; an update keeps the service's URL
        assertShape(example("arm-examples/healthcareapis-2024-03-31/dicomservices/DicomServices_Create.json", "201"), put, 201,
                Set.of("properties.storageConfiguration", "properties.serviceUrl"));
        assertEquals("Updating", put.json().path("properties").path("provisioningState").asText());
        JsonNode recorded = record("recordings/arm-dicom/dicomservices-cli-recording-excerpts.json", "PUT");
        assertNotNull(put.header("Azure-AsyncOperation"), "recorded: " + recorded.path("Headers(selected)"));
        assertNotNull(put.header("ETag"));
        JsonNode poll = arm.get(put.header("Azure-AsyncOperation"));
        assertShapeOf(Json.MAPPER.readTree(record("recordings/arm-dicom/dicomservices-cli-recording-excerpts.json", "GET",
                "operationresults").path("Body").asText()), poll);

        SandboxClient.Resp patch = arm.send("PATCH", DICOM, "{\"tags\":{\"tagKey\":\"tagValue\"}}");
        assertShape(example("arm-examples/healthcareapis-2024-03-31/dicomservices/DicomServices_Patch.json", "200"), patch, 200,
                Set.of("properties.storageConfiguration"));
    }

    @Test
    void roleAssignmentPutMatchesCreateForResource() throws Exception {
        String scope = RG + "/providers/Microsoft.KeyVault/vaults/demo-kv";
        SandboxClient.Resp r = arm.send("PUT", scope + "/providers/Microsoft.Authorization/roleAssignments/05c5a614-a7d6-4502-b150-c2fb455033ff?api-version=2022-04-01",
                "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
                        + "21090545-7ca7-4776-b22c-e363652d74d2\",\"principalId\":\"ce2ce14e-85d7-4629-bdbc-454d0519d987\",\"principalType\":\"User\"}}");
        assertShape(example("arm-examples/authorization-2022-04-01/RoleAssignments_CreateForResource.json", "201"), r, 201, Set.of());
        assertEquals("User", r.json().path("properties").path("principalType").asText());
    }

    @Test
    void accessPolicyUpdateMatchesTheExample() throws Exception {
        SandboxClient.Resp r = arm.send("PUT", RG + "/providers/Microsoft.KeyVault/vaults/demo-kv/accessPolicies/add?api-version=2024-11-01",
                "{\"properties\":{\"accessPolicies\":[{\"tenantId\":\"" + SandboxIds.TENANT_ID + "\",\"objectId\":\""
                        + SandboxIds.OPERATOR_OBJECT_ID + "\",\"permissions\":{\"keys\":[\"encrypt\"],\"secrets\":[\"get\"],\"certificates\":[\"get\"]}}]}}");
        assertShape(example("keyvault-mgmt-examples/2024-11-01/updateAccessPoliciesAdd.json", "200"), r, 200, Set.of());
    }

    @Test
    void userAssignedIdentityPutMatchesIdentityGet() throws Exception {
        SandboxClient.Resp r = arm.send("PUT", RG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identityName?api-version=2023-01-31",
                "{\"location\":\"westus2\",\"tags\":{\"key1\":\"value1\"}}");
        assertShape(example("arm-examples/managedidentity-2023-01-31/IdentityGet.json", "200"), r, 201, Set.of());
    }

    @Test
    void deploymentAnswersMatchTheRecording() throws Exception {
        String template = "{\"$schema\":\"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\","
                + "\"contentVersion\":\"1.0.0.0\",\"parameters\":{\"name\":{\"type\":\"string\"}},\"resources\":[{\"type\":"
                + "\"Microsoft.ManagedIdentity/userAssignedIdentities\",\"apiVersion\":\"2023-01-31\",\"name\":\"[parameters('name')]\","
                + "\"location\":\"[resourceGroup().location]\"}]}";
        String body = "{\"properties\":{\"mode\":\"Incremental\",\"template\":" + template + ",\"parameters\":{\"name\":{\"value\":\"dep-mi\"}}}}";
        String url = RG + "/providers/Microsoft.Resources/deployments/dpA?api-version=2022-09-01";
        String file = "recordings/arm-deployments/deployments-excerpts.json";
        // the recorded deployment used a templateLink and parametersLink; inline templates have neither.
        // parameters is a dictionary of the template's own names: its entries are compared below
        Set<String> linkFields = Set.of("properties.templateLink", "properties.parametersLink", "properties.parameters");
        SandboxClient.Resp put = arm.send("PUT", url, body);
        assertShape(body(record(file, "PUT")), put, 201, linkFields);
        assertShapeOf(body(record(file, "PUT")).path("properties").path("parameters").path("vnetName"),
                put.json().path("properties").path("parameters").path("name"));
        assertEquals("Accepted", put.json().path("properties").path("provisioningState").asText());
        arm.get(put.header("Azure-AsyncOperation"));
        assertShapeOf(body(record(file, "GET", "operationStatuses")), arm.get(put.header("Azure-AsyncOperation")));
        assertShape(body(record(file, "GET", "/deployments/dpA044500b?")), arm.send("GET", url, null), 200, linkFields);
        SandboxClient.Resp ops = arm.send("GET", RG + "/deployments/dpA/operations?api-version=2022-09-01", null);
        // the recorded list is of a failed deployment: statusMessage exists only on failed operations
        assertShape(body(record(file, "GET", "/operations?")), ops, 200, Set.of("value[].properties.statusMessage"));

        SandboxClient.Resp whatIf = arm.send("POST", url.replace("?", "/whatIf?"), body.replace("dep-mi", "other-mi"));
        assertEquals(202, whatIf.status());
        assertEquals("0", whatIf.header("Retry-After"));
        JsonNode result = arm.get(whatIf.header("Location"));
        // a Create has no before and no delta (PostDeploymentWhatIfOnResourceGroup.json's second change)
        assertShapeOf(example("deployment-examples/2024-03-01/PostDeploymentWhatIfOnResourceGroup.json", "200").path("properties")
                .path("changes").get(1), result.path("properties").path("changes").get(0));
        assertEquals("Create", result.path("properties").path("changes").get(0).path("changeType").asText());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static JsonNode example(String file, String status) throws Exception {
        JsonNode body = Json.MAPPER.readTree(REF.resolve(file).toFile()).path("responses").path(status).path("body");
        assertFalse(body.isMissingNode(), file + " has no " + status + " body");
        return body;
    }

    /** The first record with that method whose URI contains every fragment. */
    private static JsonNode record(String file, String method, String... uriFragments) throws Exception {
        for (JsonNode r : Json.MAPPER.readTree(REF.resolve(file).toFile()).path("records")) {
            String uri = r.path("Uri").asText();
            if (r.path("Method").asText().equals(method) && List.of(uriFragments).stream().allMatch(uri::contains)
                    && (uriFragments.length > 0 || !uri.contains("operation"))) {
                return r;
            }
        }
        throw new AssertionError("no " + method + " record in " + file + " with " + List.of(uriFragments));
    }

    private static JsonNode body(JsonNode record) throws Exception {
        return Json.MAPPER.readTree(record.path("Body").asText());
    }

    private static void assertShape(JsonNode reference, SandboxClient.Resp ours, int status, Set<String> exempt) {
        assertEquals(status, ours.status(), ours.body());
        List<String> problems = new ShapeComparator(exempt, ENUMS).compare(reference, ours.json());
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nours: " + ours.body());
    }

    private static void assertShapeOf(JsonNode reference, JsonNode ours) {
        List<String> problems = new ShapeComparator(Set.of(), ENUMS).compare(reference, ours);
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nours: " + ours);
    }
}
