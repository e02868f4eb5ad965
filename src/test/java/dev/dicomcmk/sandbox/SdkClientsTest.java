package dev.dicomcmk.sandbox;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.util.Context;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The real Azure SDK clients (identity, keys, azure-core pipeline) parse everything the sandbox says. */
class SdkClientsTest {

    private static final String VAULT = "https://demo-kv.vault.sandbox.test";
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
    void keyClientReadsKeysAndVersionsWithPaging() {
        KeyClient keys = client.keyClient(VAULT);
        List<String> versions = sandbox.world().keyVersions("demo-kv", "demo-key");
        KeyVaultKey latest = keys.getKey("demo-key");
        assertEquals(versions.get(1), latest.getProperties().getVersion());
        assertEquals(KeyType.RSA_HSM, latest.getKeyType());
        assertEquals(3072 / 8, latest.getKey().getN().length);
        KeyVaultKey older = keys.getKey("demo-key", versions.get(0));
        assertTrue(older.getProperties().getCreatedOn().isBefore(latest.getProperties().getCreatedOn()));
        List<String> listed = keys.listPropertiesOfKeyVersions("demo-key").stream().map(KeyProperties::getVersion)
                .sorted().collect(Collectors.toList());
        assertEquals(versions.stream().sorted().toList(), listed);
        assertTrue(keys.listPropertiesOfKeys().stream().anyMatch(p -> p.getName().equals("demo-key")));
    }

    @Test
    void paginationFollowsAbsoluteNextLinks() {
        for (int i = 0; i < 3; i++) {
            client.keyClient(VAULT).rotateKey("demo-key");
        }
        SandboxClient.Resp first = client.vault("GET", VAULT + "/keys/demo-key/versions?api-version=7.6&maxresults=2", null);
        assertEquals(200, first.status());
        String next = first.json().path("nextLink").asText();
        assertTrue(next.startsWith("https://demo-kv.vault.sandbox.test:443/keys/demo-key/versions?"), next);
        assertTrue(next.contains("$skiptoken="));
        int total = first.json().path("value").size();
        while (!next.isEmpty() && !next.equals("null")) {
            SandboxClient.Resp page = client.vault("GET", next, null);
            total += page.json().path("value").size();
            next = page.json().path("nextLink").asText();
        }
        assertEquals(sandbox.world().keyVersions("demo-kv", "demo-key").size(), total);
        assertEquals(total, client.keyClient(VAULT).listPropertiesOfKeyVersions("demo-key").stream().count());
    }

    @Test
    void createRotateUpdateAndRotationPolicy() {
        KeyClient keys = client.keyClient(VAULT);
        KeyVaultKey created = keys.createRsaKey(new CreateRsaKeyOptions("sdk-made").setKeySize(2048).setHardwareProtected(true)
                .setExpiresOn(OffsetDateTime.now().plusYears(1)));
        assertEquals(KeyType.RSA_HSM, created.getKeyType());
        KeyVaultKey second = keys.createRsaKey(new CreateRsaKeyOptions("sdk-made").setKeySize(3072));
        assertNotEquals(created.getProperties().getVersion(), second.getProperties().getVersion());
        KeyRotationPolicy none = keys.getKeyRotationPolicy("sdk-made");
        assertNull(none.getId());
        assertEquals(1, none.getLifetimeActions().size());
        KeyRotationPolicy policy = new KeyRotationPolicy().setExpiresIn("P180D").setLifetimeActions(List.of(
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("P90D"),
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.NOTIFY).setTimeBeforeExpiry("P30D")));
        KeyRotationPolicy put = keys.updateKeyRotationPolicy("sdk-made", policy);
        assertEquals("P180D", put.getExpiresIn());
        assertNotNull(put.getId());
        assertEquals("P180D", keys.getKeyRotationPolicy("sdk-made").getExpiresIn());
        KeyVaultKey rotated = keys.rotateKey("sdk-made");
        assertNotNull(rotated.getProperties().getExpiresOn(), "the policy's expiryTime applies to rotated versions");
        KeyProperties props = rotated.getProperties().setEnabled(false).setTags(java.util.Map.of("k", "v"));
        KeyVaultKey updated = keys.updateKeyProperties(props);
        assertFalse(updated.getProperties().isEnabled());
        assertEquals("v", updated.getProperties().getTags().get("k"));
    }

    /**
     * The service wraps through REST; the SDK's CryptographyClient would wrap locally with the public
     * key, which cannot work here (the sandbox's moduli are shaped like RSA keys but are not real ones).
     */
    @Test
    void wrapAndUnwrapRoundTripAndRefuseDisabledKeys() {
        KeyClient keys = client.keyClient(VAULT);
        KeyVaultKey k = keys.createRsaKey(new CreateRsaKeyOptions("wrap-me").setKeySize(2048));
        String plain = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
        SandboxClient.Resp wrapped = client.vault("POST", k.getId() + "/wrapkey?api-version=7.6",
                "{\"alg\":\"RSA-OAEP\",\"value\":\"" + plain + "\"}");
        assertEquals(200, wrapped.status(), wrapped.body());
        assertEquals(k.getId(), wrapped.json().path("kid").asText());
        CryptographyClient crypto = new CryptographyClientBuilder().keyIdentifier(k.getId()).credential(client.credential)
                .httpClient(client.http).buildClient();
        byte[] unwrapped = crypto.unwrapKey(KeyWrapAlgorithm.RSA_OAEP,
                java.util.Base64.getUrlDecoder().decode(wrapped.json().path("value").asText())).getKey();
        assertEquals("0123456789abcdef0123456789abcdef", new String(unwrapped));
        keys.updateKeyProperties(k.getProperties().setEnabled(false));
        SandboxClient.Resp refused = client.vault("POST", k.getId() + "/wrapkey?api-version=7.6",
                "{\"alg\":\"RSA-OAEP\",\"value\":\"" + plain + "\"}");
        assertEquals(403, refused.status());
        assertEquals("KeyDisabled", refused.json().path("error").path("innererror").path("code").asText());
    }

    @Test
    void deleteAndRecover() {
        KeyClient keys = client.keyClient(VAULT);
        keys.createRsaKey(new CreateRsaKeyOptions("doomed"));
        SyncPoller<DeletedKey, Void> del = keys.beginDeleteKey("doomed");
        DeletedKey deleted = del.poll().getValue();
        assertNotNull(deleted.getRecoveryId());
        assertNotNull(keys.getDeletedKey("doomed").getScheduledPurgeDate());
        assertThrows(ResourceNotFoundException.class, () -> keys.getKey("doomed"));
        keys.beginRecoverDeletedKey("doomed").poll();
        assertEquals("doomed", keys.getKey("doomed").getName());
    }

    @Test
    void missingKeyIsKeyNotFound() {
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> client.keyClient(VAULT).getKey("non-existing"));
        assertTrue(e.getMessage().contains("KeyNotFound"), e.getMessage());
    }

    @Test
    void wrongSecretFailsWithTheEntraError() {
        var bad = client.credential("not-the-secret");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> bad.getToken(new TokenRequestContext().addScopes("https://vault.sandbox.test/.default")).block());
        assertTrue(e.getMessage().contains("AADSTS7000215"), e.getMessage());
        KeyClient keys = new com.azure.security.keyvault.keys.KeyClientBuilder().vaultUrl(VAULT).credential(bad)
                .httpClient(client.http).buildClient();
        RuntimeException viaClient = assertThrows(RuntimeException.class, () -> keys.getKey("demo-key"));
        assertTrue(String.valueOf(viaClient.getMessage()).contains("AADSTS7000215"), viaClient.toString());
    }

    @Test
    void armPipelineReadsServiceVaultAndRoleAssignments() {
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client.http)
                .policies(new BearerTokenAuthenticationPolicy(client.credential, "https://management.sandbox.test/.default"))
                .build();
        String sub = sandbox.credentials().subscriptionId();
        String rg = "https://management.sandbox.test/subscriptions/" + sub + "/resourceGroups/demo-rg/providers/";
        JsonNode dicom = get(pipeline, rg + "Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom?api-version=2024-03-31");
        assertEquals("demo-ws/demo-dicom", dicom.path("name").asText());
        String url = dicom.path("properties").path("encryption").path("customerManagedKeyEncryption").path("keyEncryptionKeyUrl").asText();
        assertEquals("https://demo-kv.vault.sandbox.test/keys/demo-key/" + sandbox.world().keyVersions("demo-kv", "demo-key").get(1), url);
        JsonNode vault = get(pipeline, rg + "Microsoft.KeyVault/vaults/DEMO-KV?api-version=2024-11-01");
        assertEquals("demo-kv", vault.path("name").asText());
        assertTrue(vault.path("properties").path("enablePurgeProtection").asBoolean());
        JsonNode ras = get(pipeline, rg + "Microsoft.KeyVault/vaults/demo-kv/keys/demo-key/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter="
                + java.net.URLEncoder.encode("principalId eq '" + SandboxIds.DEMO_DICOM_PRINCIPAL_ID + "'", java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        assertEquals(1, ras.path("value").size());
        assertTrue(ras.path("value").get(0).path("properties").path("roleDefinitionId").asText().endsWith("e147488a-f6f5-4113-8e2d-b22465e65bf6"));
    }

    @Test
    void managedHsmWorksThroughTheSdk() throws Exception {
        try (Sandbox hsm = Sandbox.start(SandboxConfig.of("hsm-healthy"))) {
            SandboxClient c = new SandboxClient(hsm);
            KeyClient keys = c.keyClient("https://demo-hsm.managedhsm.sandbox.test");
            KeyVaultKey k = keys.getKey("demo-key");
            assertEquals(KeyType.RSA_HSM, k.getKeyType());
            assertFalse(k.getProperties().isExportable());
            KeyVaultKey rotated = keys.rotateKey("demo-key");
            assertNotEquals(k.getProperties().getVersion(), rotated.getProperties().getVersion());
            SandboxClient.Resp roles = c.vault("GET", "https://demo-hsm.managedhsm.sandbox.test/providers/Microsoft.Authorization/roleAssignments?api-version=7.6", null);
            assertEquals(200, roles.status(), roles.body());
            assertEquals(3, roles.json().path("value").size());
        }
    }

    private static JsonNode get(HttpPipeline p, String url) {
        try (HttpResponse r = p.sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE)) {
            String body = r.getBodyAsBinaryData().toString();
            assertEquals(200, r.getStatusCode(), body);
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
