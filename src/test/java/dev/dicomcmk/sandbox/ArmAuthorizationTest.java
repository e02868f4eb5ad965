package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.testing.Reference;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The sandbox authorizes ARM requests as ARM does (WIRE.md 10): against the caller's role assignments
 * and the roles' actions/notActions, inherited from the subscription down, denied by default, with ARM's
 * 403 AuthorizationFailed; the permissions API answers the caller's effective actions. Also the provider
 * listing and the list-by-resource-group collections clients rely on.
 */
class ArmAuthorizationTest {

    private static final Path REF = Reference.dir();
    private static final String SUB = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID;
    private static final String RG = SUB + "/resourceGroups/demo-rg";
    private static final String SERVICE = RG + "/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom";
    private static final String KEY_SCOPE = RG + "/providers/Microsoft.KeyVault/vaults/demo-kv/keys/demo-key";
    private static final String DOCUMENTED_403 = "The client '<object id>' with object id '<object id>' does not have "
            + "authorization to perform action '<provider/type/action>' over scope '<scope>' or the scope is invalid. If access "
            + "was recently granted, please refresh your credentials.";

    private static SandboxClient.Resp put(SandboxClient c, String path, String body) {
        return c.send("PUT", "https://management.sandbox.test" + path, body,
                Map.of("Authorization", "Bearer " + c.token("https://management.sandbox.test/.default")));
    }

    /** The 403 message template, from WIRE.md where it is checked out (else the copy above, taken from it). */
    private static String documented403() throws Exception {
        Path wire = REF.resolve("WIRE.md");
        if (!Files.isRegularFile(wire)) {
            return DOCUMENTED_403;
        }
        Matcher m = Pattern.compile("\\{\"error\":\\{\"code\":\"AuthorizationFailed\",\"message\":\"([^\"]+)\"}}")
                .matcher(Files.readString(wire));
        assertTrue(m.find(), "WIRE.md documents the AuthorizationFailed body");
        assertEquals(DOCUMENTED_403, m.group(1), "the copy here is WIRE.md's");
        return m.group(1);
    }

    /** The documented template as a pattern: each <placeholder> one group. */
    private static List<String> fill(String template, String message) {
        StringBuilder regex = new StringBuilder("^");
        Matcher p = Pattern.compile("<[^>]+>").matcher(template);
        int at = 0;
        while (p.find()) {
            regex.append(Pattern.quote(template.substring(at, p.start()))).append("(.+?)");
            at = p.end();
        }
        regex.append(Pattern.quote(template.substring(at))).append('$');
        Matcher m = Pattern.compile(regex.toString()).matcher(message);
        assertTrue(m.matches(), "the message has the documented shape:\n" + message + "\n" + template);
        List<String> groups = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
            groups.add(m.group(i));
        }
        return groups;
    }

    @Test
    void aReaderReadsButIsRefusedTheWriteWithArmsDocumented403() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("operator-reader"))) {
            SandboxClient c = new SandboxClient(sb);
            SandboxClient.Resp get = c.arm(SERVICE + "?api-version=2024-03-31");
            assertEquals(200, get.status(), get.body());
            SandboxClient.Resp put = put(c, SERVICE + "?api-version=2024-03-31", get.body());
            assertEquals(403, put.status(), put.body());
            JsonNode error = put.json().path("error");
            assertEquals(Set.of("code", "message"), fields(error), "ARM's envelope: " + put.body());
            assertEquals("AuthorizationFailed", error.path("code").asText());
            List<String> values = fill(documented403(), error.path("message").asText());
            String oid = sb.credentials().operatorObjectId();
            assertEquals(List.of(oid, oid, "Microsoft.HealthcareApis/workspaces/dicomservices/write", SERVICE), values);
            assertEquals(get.body(), c.arm(SERVICE + "?api-version=2024-03-31").body(), "nothing changed");
        }
    }

    @Test
    void aContributorMayDeployButNotAssignRoles() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("operator-contributor"))) {
            SandboxClient c = new SandboxClient(sb);
            String body = "{\"properties\":{\"roleDefinitionId\":\"" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
                    + "e147488a-f6f5-4113-8e2d-b22465e65bf6\",\"principalId\":\"" + SandboxIds.DEMO_UAMI_PRINCIPAL_ID
                    + "\",\"principalType\":\"ServicePrincipal\"}}";
            String assignment = KEY_SCOPE + "/providers/Microsoft.Authorization/roleAssignments/0b0e4a7e-5a3c-4c7b-9f0e-3d2b1a0c9e8f";
            SandboxClient.Resp refused = put(c, assignment + "?api-version=2022-04-01", body);
            assertEquals(403, refused.status(), refused.body());
            assertEquals(List.of(sb.credentials().operatorObjectId(), sb.credentials().operatorObjectId(),
                    "Microsoft.Authorization/roleAssignments/write", assignment), fill(documented403(),
                    refused.json().path("error").path("message").asText()));
            assertEquals(200, c.arm(SERVICE + "?api-version=2024-03-31").status());
            // a subscription-wide list answers what the caller may read: demo-rg's resources only
            SandboxClient.Resp all = c.arm(SUB + "/resources?api-version=2021-04-01");
            assertEquals(200, all.status(), all.body());
            assertFalse(all.json().path("value").isEmpty());
            all.json().path("value").forEach(r -> assertTrue(r.path("id").asText().toLowerCase().startsWith(RG.toLowerCase()), r.toString()));
        }
    }

    @Test
    void nobodyElseMayDoAnythingDenyByDefault() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("healthy"))) {
            sb.world().update(w -> w.roleAssignments.removeIf(r -> r.principalId.equals(SandboxIds.OPERATOR_OBJECT_ID)));
            SandboxClient.Resp get = new SandboxClient(sb).arm(SERVICE + "?api-version=2024-03-31");
            assertEquals(403, get.status(), get.body());
            assertTrue(get.body().contains("'Microsoft.HealthcareApis/workspaces/dicomservices/read'"), get.body());
        }
    }

    @Test
    void thePermissionsAnswerListsOneEntryPerApplicableAssignmentInTheDocumentedShape() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("operator-contributor"))) {
            SandboxClient c = new SandboxClient(sb);
            SandboxClient.Resp atGroup = c.arm(RG + "/providers/Microsoft.Authorization/permissions?api-version=2022-04-01");
            assertEquals(200, atGroup.status(), atGroup.body());
            assertEquals(Set.of("value"), fields(atGroup.json()));
            JsonNode entries = atGroup.json().path("value");
            assertEquals(1, entries.size(), "Contributor on demo-rg only (the vault's data role is below it): " + atGroup.body());
            JsonNode contributor = entries.get(0);
            assertEquals(Set.of("actions", "notActions", "dataActions", "notDataActions"), fields(contributor));
            assertEquals("[\"*\"]", contributor.path("actions").toString());
            assertTrue(contributor.path("notActions").toString().contains("Microsoft.Authorization/*/Write"));

            SandboxClient.Resp atKey = c.arm(KEY_SCOPE + "/providers/Microsoft.Authorization/permissions?api-version=2022-04-01");
            assertEquals(2, atKey.json().path("value").size(), "inherited from the group and the vault: " + atKey.body());
            assertTrue(atKey.body().contains("Microsoft.KeyVault/vaults/keys/*"), "Crypto Officer's data actions: " + atKey.body());
        }
    }

    @Test
    void providersAndListsByResourceGroupAnswerAsArmDoes() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("healthy"))) {
            SandboxClient c = new SandboxClient(sb);
            SandboxClient.Resp hc = c.arm(SUB + "/providers/Microsoft.HealthcareApis?api-version=2021-04-01");
            assertEquals(200, hc.status(), hc.body());
            assertEquals("Registered", hc.json().path("registrationState").asText());
            JsonNode dicom = null;
            for (JsonNode t : hc.json().path("resourceTypes")) {
                if (t.path("resourceType").asText().equals("workspaces/dicomservices")) {
                    dicom = t;
                }
            }
            assertNotNull(dicom, hc.body());
            assertTrue(dicom.path("apiVersions").toString().contains("2024-03-31"));
            assertTrue(c.arm(SUB + "/providers?api-version=2021-04-01").json().path("value").size() >= 3);

            for (String[] list : new String[][] {{"Microsoft.HealthcareApis/workspaces", "2024-03-31", "demo-ws"},
                    {"Microsoft.ManagedIdentity/userAssignedIdentities", "2023-01-31", "demo-uami"},
                    {"Microsoft.KeyVault/vaults", "2025-05-01", "demo-kv"}}) {
                SandboxClient.Resp r = c.arm(RG + "/providers/" + list[0] + "?api-version=" + list[1]);
                assertEquals(200, r.status(), list[0] + ": " + r.body());
                assertTrue(r.json().has("value") && r.json().has("nextLink"), r.body());
                assertEquals(list[2], r.json().path("value").get(0).path("name").asText(), r.body());
            }
            SandboxClient.Resp old = c.arm(SERVICE + "?api-version=1999-01-01");
            assertEquals(400, old.status());
            assertEquals("NoRegisteredProviderFound", old.json().path("error").path("code").asText());
            assertTrue(old.body().contains("for type 'workspaces/dicomservices'"), old.body());
        }
    }

    private static Set<String> fields(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
