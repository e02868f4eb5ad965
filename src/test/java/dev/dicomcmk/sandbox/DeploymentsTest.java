package dev.dicomcmk.sandbox;

import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import static dev.dicomcmk.sandbox.ArmWritesTest.assertError;
import static org.junit.jupiter.api.Assertions.*;

/** Resource-group deployments and what-if: templates resolved STRICTLY and applied through the direct-write code paths. */
class DeploymentsTest {

    private static final String API = "?api-version=2025-04-01";
    private static final String RG = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID + "/resourcegroups/demo-rg";
    private static final String DEPLOYMENTS = RG + "/providers/Microsoft.Resources/deployments/";
    private static final String DICOM = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
            + "/resourceGroups/demo-rg/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom?api-version=2024-03-31";
    private static final String KEY_URL_PATH = "properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl";

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

    private static JsonNode template(String name) throws IOException {
        try (InputStream in = DeploymentsTest.class.getResourceAsStream("/sandbox/" + name)) {
            return Json.MAPPER.readTree(in);
        }
    }

    private static String body(JsonNode template, Map<String, Object> parameters) {
        ObjectNode params = Json.obj();
        parameters.forEach((k, v) -> params.set(k, Json.obj().set("value", Json.MAPPER.valueToTree(v))));
        ObjectNode props = Json.obj().put("mode", "Incremental");
        props.set("template", template);
        props.set("parameters", params);
        return Json.text(Json.obj().set("properties", props));
    }

    private String systemAssigned(String keyUrl, Map<String, String> tags) throws IOException {
        return body(template("cmk-system-assigned.json"), Map.of("workspaceName", "demo-ws", "dicomServiceName", "demo-dicom",
                "keyEncryptionKeyUrl", keyUrl, "tags", tags));
    }

    @Test
    void aDeploymentAppliesItsTemplateAndCompletesThroughTheManagementPoller() throws Exception {
        ArmPipeline arm = arm("healthy");
        SyncPoller<PollResult<Map>, Map> poller = arm.lro("PUT", DEPLOYMENTS + "cmk-1" + API, systemAssigned(keyUrl(0), Map.of()));
        assertEquals(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED, poller.waitForCompletion(Duration.ofSeconds(10)).getStatus());
        JsonNode d = Json.MAPPER.valueToTree(poller.getFinalResult());
        JsonNode p = d.path("properties");
        assertEquals("Succeeded", p.path("provisioningState").asText());
        assertEquals("String", p.path("parameters").path("keyEncryptionKeyUrl").path("type").asText());
        assertEquals(keyUrl(0), p.path("parameters").path("keyEncryptionKeyUrl").path("value").asText());
        assertEquals("westus2", p.path("parameters").path("location").path("value").asText(), "defaults are echoed evaluated");
        assertEquals(SandboxIds.DEMO_DICOM_PRINCIPAL_ID, p.path("outputs").path("principalId").path("value").asText());
        assertTrue(p.path("outputResources").get(0).path("id").asText().endsWith("/dicomservices/demo-dicom"));

        JsonNode service = arm.get(DICOM);
        assertEquals(keyUrl(0), service.path("properties").path("encryption").path("customerManagedKeyEncryption")
                .path("keyEncryptionKeyUrl").asText());
        assertEquals("Succeeded", service.path("properties").path("provisioningState").asText());
        assertEquals(0, service.path("tags").size(), "a deployment is a PUT: the tags it does not carry are gone");

        JsonNode ops = arm.get(RG + "/deployments/cmk-1/operations" + API);
        assertEquals("Succeeded", ops.path("value").get(0).path("properties").path("provisioningState").asText());
        assertEquals(204, arm.send("HEAD", DEPLOYMENTS + "cmk-1" + API, null).status());
        assertEquals(404, arm.send("HEAD", DEPLOYMENTS + "nope" + API, null).status());
        assertEquals(java.util.List.of("cmk-1"), sandbox.requestLog().deploymentPuts());
        assertEquals(1, sandbox.requestLog().writes());
    }

    @Test
    void theDeploymentAnswersAndPollBodiesHaveTheRecordedShape() throws Exception {
        ArmPipeline arm = arm("healthy");
        SandboxClient.Resp put = arm.send("PUT", DEPLOYMENTS + "cmk-2" + API, systemAssigned(keyUrl(1), Map.of("env", "demo")));
        assertEquals(201, put.status(), put.body());
        assertEquals("Accepted", put.json().path("properties").path("provisioningState").asText());
        assertEquals("0", put.header("Retry-After"));
        String async = put.header("Azure-AsyncOperation");
        assertTrue(async.matches("https://management\\.sandbox\\.test/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
                + "/resourcegroups/demo-rg/providers/Microsoft\\.Resources/deployments/cmk-2/operationStatuses/\\d{20}\\?api-version=2025-04-01"), async);
        assertEquals("{\"status\":\"Running\"}", Json.text(arm.get(async)));
        assertEquals("Running", arm.get(DEPLOYMENTS + "cmk-2" + API).path("properties").path("provisioningState").asText());
        assertEquals("{\"status\":\"Succeeded\"}", Json.text(arm.get(async)));
    }

    @Test
    void whatIfReportsNoChangeForTheCurrentStateAndTheKeyChangeAsADelta() throws Exception {
        ArmPipeline arm = arm("healthy");
        String etag = arm.get(DICOM).path("etag").asText();
        SyncPoller<PollResult<Map>, Map> same = arm.lro("POST", DEPLOYMENTS + "preview/whatIf" + API,
                systemAssigned(keyUrl(1), Map.of("env", "demo")));
        same.waitForCompletion(Duration.ofSeconds(10));
        JsonNode result = Json.MAPPER.valueToTree(same.getFinalResult());
        assertEquals("Succeeded", result.path("status").asText());
        JsonNode change = result.path("properties").path("changes").get(0);
        assertEquals("NoChange", change.path("changeType").asText(), change.toString());
        assertFalse(change.has("delta"));
        assertTrue(change.path("resourceId").asText().endsWith("/workspaces/demo-ws/dicomservices/demo-dicom"));

        SandboxClient.Resp post = arm.send("POST", DEPLOYMENTS + "preview/whatIf" + API, systemAssigned(keyUrl(0), Map.of("env", "demo")));
        assertEquals(202, post.status());
        assertEquals("0", post.header("Retry-After"));
        assertTrue(post.header("Location").startsWith("https://management.sandbox.test/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
                + "/operationresults/"), post.header("Location"));
        assertEquals("", post.body());
        JsonNode modify = arm.get(post.header("Location")).path("properties").path("changes").get(0);
        assertEquals("Modify", modify.path("changeType").asText());
        assertEquals(1, modify.path("delta").size(), modify.toString());
        JsonNode delta = modify.path("delta").get(0);
        assertEquals(KEY_URL_PATH, delta.path("path").asText());
        assertEquals("Modify", delta.path("propertyChangeType").asText());
        assertEquals(keyUrl(1), delta.path("before").asText());
        assertEquals(keyUrl(0), delta.path("after").asText());

        assertEquals(0, sandbox.requestLog().writes(), "what-if writes nothing");
        assertEquals(etag, arm.get(DICOM).path("etag").asText());
    }

    @Test
    void aFunctionTheEvaluatorDoesNotSupportFailsTheDeploymentLoudly() throws Exception {
        ArmPipeline arm = arm("healthy");
        ObjectNode t = (ObjectNode) template("cmk-system-assigned.json");
        ((ObjectNode) t.path("resources").get(0)).put("tags", "[createObject('deployedAt', utcNow())]");
        SandboxClient.Resp r = arm.send("PUT", DEPLOYMENTS + "bad" + API, body(t, Map.of("workspaceName", "demo-ws",
                "dicomServiceName", "demo-dicom", "keyEncryptionKeyUrl", keyUrl(0))));
        assertError(r, 400, "InvalidTemplate");
        assertTrue(r.json().path("error").path("message").asText().contains("'utcNow'"), r.body());
        assertEquals(keyUrl(1), sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom"), "nothing was applied");
        assertError(arm.send("POST", DEPLOYMENTS + "bad/whatIf" + API, body(t, Map.of("workspaceName", "demo-ws",
                "dicomServiceName", "demo-dicom", "keyEncryptionKeyUrl", keyUrl(0)))), 400, "InvalidTemplate");
        assertEquals(404, arm.send("GET", DEPLOYMENTS + "bad" + API, null).status());
    }

    @Test
    void completeModeAndLinkedTemplatesAreRefused() throws Exception {
        ArmPipeline arm = arm("healthy");
        SandboxClient.Resp complete = arm.send("PUT", DEPLOYMENTS + "c" + API,
                systemAssigned(keyUrl(0), Map.of()).replace("\"Incremental\"", "\"Complete\""));
        assertError(complete, 400, "InvalidDeploymentMode");
        assertTrue(complete.json().path("error").path("message").asText().contains("never"), complete.body());
        assertError(arm.send("PUT", DEPLOYMENTS + "l" + API, "{\"properties\":{\"mode\":\"Incremental\",\"templateLink\":{\"uri\":\"https://example.com/t.json\"}}}"),
                400, "InvalidRequestContent");
    }

    @Test
    void theDocsUserAssignedTemplateFailsOnReplicationDelayThenSucceedsWhenRerun() throws Exception {
        ArmPipeline arm = arm("healthy");
        String body = body(template("cmk-user-assigned.json"), Map.of("workspaceName", "demo-ws", "dicomServiceName", "demo-dicom",
                "keyVaultName", "demo-kv", "keyName", "demo-key", "userAssignedIdentityName", "cmk-mi"));
        SyncPoller<PollResult<Map>, Map> first = arm.lro("PUT", DEPLOYMENTS + "uami" + API, body);
        assertEquals(LongRunningOperationStatus.FAILED, first.waitForCompletion(Duration.ofSeconds(10)).getStatus());
        JsonNode failed = arm.get(DEPLOYMENTS + "uami" + API).path("properties");
        assertEquals("Failed", failed.path("provisioningState").asText());
        assertEquals("DeploymentFailed", failed.path("error").path("code").asText());
        assertEquals("PrincipalNotFound", failed.path("error").path("details").get(0).path("code").asText(), failed.toString());
        assertEquals("SystemAssigned", arm.get(DICOM).path("identity").path("type").asText(), "the service depends on the failed assignment");
        JsonNode ops = arm.get(RG + "/deployments/uami/operations" + API).path("value");
        assertEquals(2, ops.size(), "the identity was created, the assignment failed, the service was not attempted");
        assertEquals("BadRequest", ops.get(0).path("properties").path("statusCode").asText());

        sandbox.clock().advance(Duration.ofSeconds(25));
        arm = new ArmPipeline(new SandboxClient(sandbox));
        SyncPoller<PollResult<Map>, Map> again = arm.lro("PUT", DEPLOYMENTS + "uami" + API, body);
        assertEquals(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED, again.waitForCompletion(Duration.ofSeconds(10)).getStatus());
        JsonNode service = arm.get(DICOM);
        assertEquals("UserAssigned", service.path("identity").path("type").asText());
        assertEquals(keyUrl(1), service.path("properties").path("encryption").path("customerManagedKeyEncryption")
                .path("keyEncryptionKeyUrl").asText(), "reference(...).keyUriWithVersion is the current version");
        assertTrue(sandbox.world().serviceAvailable("demo-ws", "demo-dicom"), "the new identity holds the role on the key");
    }

    @Test
    void aDeploymentStatusOfAFailedDeploymentCarriesTheErrorDetails() throws Exception {
        ArmPipeline arm = arm("healthy");
        ObjectNode t = (ObjectNode) template("cmk-system-assigned.json");
        ((ObjectNode) t.path("resources").get(0).path("identity")).put("type", "Automatic");
        SandboxClient.Resp put = arm.send("PUT", DEPLOYMENTS + "f" + API, body(t, Map.of("workspaceName", "demo-ws",
                "dicomServiceName", "demo-dicom", "keyEncryptionKeyUrl", keyUrl(0))));
        assertEquals(201, put.status(), "provider refusals fail the deployment, they are not a 400: " + put.body());
        String async = put.header("Azure-AsyncOperation");
        arm.get(async);
        JsonNode status = arm.get(async);
        assertEquals("Failed", status.path("status").asText());
        assertEquals("DeploymentFailed", status.path("error").path("code").asText());
        assertEquals("InvalidIdentityType", status.path("error").path("details").get(0).path("code").asText());
    }
}
