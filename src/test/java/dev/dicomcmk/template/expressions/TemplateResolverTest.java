package dev.dicomcmk.template.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.azure.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

class TemplateResolverTest {
    private static final String SUB = MapContext.SUBSCRIPTION;
    private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-dicom";

    private static DeploymentScope scope(EvaluationContext.Mode mode, ReferenceResolver references) {
        return new DeploymentScope(SUB, MapContext.TENANT, "rg-dicom", "westus3", "deploy1", mode, references);
    }

    static JsonNode resource(String name) throws IOException {
        try (InputStream in = TemplateResolverTest.class.getResourceAsStream("/template/" + name)) {
            return Json.MAPPER.readTree(in);
        }
    }

    @Test
    void resolvesTheDocsSystemAssignedTemplateFromAParametersFile() throws IOException {
        JsonNode parameters = MapContext.parse("{\"$schema\":\"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#\","
                + "\"contentVersion\":\"1.0.0.0\",\"parameters\":{\"workspaceName\":{\"value\":\"ws1\"},"
                + "\"dicomServiceName\":{\"value\":\"dicom1\"},"
                + "\"keyEncryptionKeyUrl\":{\"value\":\"https://kv.vault.azure.net/keys/k/v1\"}}}");
        List<ResolvedResource> resources = new TemplateResolver(scope(EvaluationContext.Mode.STRICT, null))
                .resolve(resource("docs-system-assigned.json"), parameters);
        assertEquals(1, resources.size());
        ResolvedResource dicom = resources.get(0);
        assertEquals("Microsoft.HealthcareApis/workspaces/dicomservices", dicom.type());
        assertEquals("2023-06-01-preview", dicom.apiVersion());
        assertEquals("ws1/dicom1", dicom.name());
        assertEquals(RG + "/providers/Microsoft.HealthcareApis/workspaces/ws1/dicomservices/dicom1", dicom.id());
        assertEquals("/resources/0", dicom.jsonPointer());
        assertEquals(MapContext.parse("{\"location\":\"West US 3\",\"identity\":{\"type\":\"SystemAssigned\"},"
                + "\"properties\":{\"encryption\":{\"customerManagedKeyEncryption\":"
                + "{\"keyEncryptionKeyUrl\":\"https://kv.vault.azure.net/keys/k/v1\"}}}}"), dicom.body());
    }

    @Test
    void resolvesTheDocsUserAssignedTemplateInDependencyOrderAskingForReferencesAsItGoes() throws IOException {
        JsonNode parameters = MapContext.parse("{\"workspaceName\":{\"value\":\"ws1\"},\"dicomServiceName\":{\"value\":\"dicom1\"},"
                + "\"keyVaultName\":{\"value\":\"kv1\"},\"keyName\":{\"value\":\"k1\"},"
                + "\"userAssignedIdentityName\":{\"value\":\"uami1\"},\"roleAssignmentName\":{\"value\":\"ra\"},"
                + "\"tenantId\":{\"value\":\"" + MapContext.TENANT + "\"}}");
        List<String> created = new ArrayList<>();
        ReferenceResolver sandbox = (id, apiVersion, full) -> {
            if (!created.contains(id.toLowerCase())) {
                throw new UndeterminedValueException(id + " does not exist yet");
            }
            return id.contains("/keys/") ? MapContext.parse("{\"keyUriWithVersion\":\"https://kv1.vault.azure.net/keys/k1/abc\"}")
                    : MapContext.parse("{\"principalId\":\"00000000-0000-0000-0000-0000000000aa\"}");
        };
        List<ResolvedResource> resources = new TemplateResolver(scope(EvaluationContext.Mode.STRICT, sandbox))
                .resolve(resource("docs-user-assigned.json"), parameters, r -> created.add(r.id().toLowerCase()));

        List<String> pointers = resources.stream().map(ResolvedResource::jsonPointer).toList();
        assertEquals(List.of("/resources/0", "/resources/1", "/resources/2", "/resources/3", "/resources/4", "/resources/5"), pointers);
        ResolvedResource role = resources.get(3);
        assertEquals("Microsoft.Authorization/roleAssignments", role.type());
        assertEquals(ArmHashes.guid(List.of("ra")), role.name());
        assertEquals("00000000-0000-0000-0000-0000000000aa", role.body().at("/properties/principalId").textValue());
        ResolvedResource dicom = resources.get(5);
        assertEquals("https://kv1.vault.azure.net/keys/k1/abc",
                dicom.body().at("/properties/encryption/customerManagedKeyEncryption/keyEncryptionKeyUrl").textValue());
        assertEquals("userAssigned", dicom.body().at("/identity/type").textValue());
        assertTrue(dicom.body().at("/identity/userAssignedIdentities")
                .has(RG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami1"));
        assertEquals(List.of(RG + "/providers/Microsoft.HealthcareApis/workspaces/ws1",
                RG + "/providers/Microsoft.Authorization/roleAssignments/" + ArmHashes.guid(List.of("ra"))), dicom.dependsOn());
    }

    @Test
    void lenientAnalysisOfTheUserAssignedTemplateMarksTheKeyUrlUnresolved() throws IOException {
        JsonNode parameters = MapContext.parse("{\"workspaceName\":\"ws1\",\"dicomServiceName\":\"dicom1\",\"keyVaultName\":\"kv1\","
                + "\"keyName\":\"k1\",\"userAssignedIdentityName\":\"uami1\",\"roleAssignmentName\":\"ra\"}");
        List<ResolvedResource> resources = new TemplateResolver(scope(EvaluationContext.Mode.LENIENT, null))
                .resolve(resource("docs-user-assigned.json"), parameters);
        JsonNode keyUrl = resources.get(5).body().at("/properties/encryption/customerManagedKeyEncryption/keyEncryptionKeyUrl");
        Unresolved unresolved = ArmExpressions.unresolved(keyUrl).orElseThrow();
        assertTrue(unresolved.expression().startsWith("reference(resourceId('Microsoft.KeyVault/vaults/keys'"), unresolved.expression());
        assertTrue(ArmExpressions.unresolved(resources.get(0).body().at("/properties/tenantId")).isPresent(),
                "tenantId has no value and no default");
    }

    @Test
    void strictModeRequiresEveryParameter() throws IOException {
        ExpressionException e = assertThrows(ExpressionException.class, () -> new TemplateResolver(scope(EvaluationContext.Mode.STRICT, null))
                .resolve(resource("docs-system-assigned.json"), MapContext.parse("{\"workspaceName\":\"ws1\"}")));
        assertTrue(e.getMessage().contains("'dicomServiceName' has no value"), e.getMessage());
    }

    @Test
    void flattensChildResourcesConditionsVariablesAndNestedDeployments() {
        JsonNode template = MapContext.parse("""
                {"parameters":{
                   "vault":{"type":"string","defaultValue":"[concat(variables('prefix'), '-kv')]"},
                   "withKey":{"type":"bool","defaultValue":true},
                   "sku":{"type":"String","allowedValues":["standard","premium"],"defaultValue":"standard"}},
                 "variables":{"prefix":"[toLower(parameters('env'))]","keyName":"[concat(variables('prefix'), '-key')]"},
                 "resources":[
                   {"type":"Microsoft.KeyVault/vaults","apiVersion":"2022-07-01","name":"[parameters('vault')]",
                    "properties":{"sku":{"name":"[parameters('sku')]"}},
                    "resources":[
                      {"type":"keys","apiVersion":"2022-07-01","name":"[variables('keyName')]","condition":"[parameters('withKey')]",
                       "properties":{"kty":"RSA"}},
                      {"type":"keys","apiVersion":"2022-07-01","name":"skipped","condition":"[not(parameters('withKey'))]"}]},
                   {"type":"Microsoft.Resources/deployments","apiVersion":"2022-09-01","name":"inner",
                    "properties":{"mode":"Incremental","expressionEvaluationOptions":{"scope":"inner"},
                      "parameters":{"id":{"value":"[parameters('vault')]"}},
                      "template":{"parameters":{"id":{"type":"string"}},"variables":{"tagged":"[concat('v-', parameters('id'))]"},
                        "resources":[{"type":"Microsoft.ManagedIdentity/userAssignedIdentities","apiVersion":"2023-01-31",
                          "name":"[variables('tagged')]","location":"[resourceGroup().location]"}]}}},
                   {"type":"Microsoft.Resources/deployments","apiVersion":"2022-09-01","name":"outer",
                    "properties":{"mode":"Incremental",
                      "template":{"resources":[{"type":"Microsoft.ManagedIdentity/userAssignedIdentities","apiVersion":"2023-01-31",
                          "name":"[concat('o-', variables('prefix'))]"}]}}}]}
                """.replace("\"parameters\":{\n", "\"parameters\":{\"env\":{\"type\":\"string\"},\n"));
        List<ResolvedResource> resources = new TemplateResolver(scope(EvaluationContext.Mode.STRICT, null))
                .resolve(template, MapContext.parse("{\"env\":{\"value\":\"PROD\"}}"));
        List<String> summary = resources.stream().map(r -> r.jsonPointer() + " " + r.type() + " " + r.name()).toList();
        assertEquals(List.of(
                "/resources/0 Microsoft.KeyVault/vaults prod-kv",
                "/resources/0/resources/0 Microsoft.KeyVault/vaults/keys prod-kv/prod-key",
                "/resources/1 Microsoft.Resources/deployments inner",
                "/resources/1/properties/template/resources/0 Microsoft.ManagedIdentity/userAssignedIdentities v-prod-kv",
                "/resources/2 Microsoft.Resources/deployments outer",
                "/resources/2/properties/template/resources/0 Microsoft.ManagedIdentity/userAssignedIdentities o-prod"), summary);
        assertEquals(RG + "/providers/Microsoft.KeyVault/vaults/prod-kv/keys/prod-key", resources.get(1).id());
        assertEquals(List.of(resources.get(0).id()), resources.get(1).dependsOn());
        assertEquals("westus3", resources.get(3).body().path("location").textValue());
        assertEquals("[concat('v-', parameters('id'))]",
                resources.get(2).body().at("/properties/template/variables/tagged").textValue(), "nested template kept as written");
    }

    @Test
    void reportsParameterAndVariableProblems() {
        String declarations = "{\"parameters\":{\"sku\":{\"type\":\"string\",\"allowedValues\":[\"standard\",\"premium\"]},"
                + "\"n\":{\"type\":\"int\",\"minValue\":1}},"
                + "\"variables\":{\"a\":\"[variables('b')]\",\"b\":\"[variables('a')]\"},"
                + "\"resources\":[{\"type\":\"Microsoft.X/y\",\"name\":\"[variables('a')]\"}]}";
        TemplateResolver resolver = new TemplateResolver(scope(EvaluationContext.Mode.STRICT, null));
        JsonNode template = MapContext.parse(declarations);
        assertMessage(() -> resolver.resolve(template, MapContext.parse("{\"sku\":\"gold\",\"n\":1}")), "not one of its allowedValues");
        assertMessage(() -> resolver.resolve(template, MapContext.parse("{\"sku\":\"standard\",\"n\":\"1\"}")),
                "'n' is declared int but its value is string");
        assertMessage(() -> resolver.resolve(template, MapContext.parse("{\"sku\":\"standard\",\"n\":0}")), "below its minValue");
        assertMessage(() -> resolver.resolve(template, MapContext.parse("{\"sku\":\"standard\",\"n\":1,\"extra\":1}")),
                "'extra' is given a value but the template does not declare it");
        assertMessage(() -> resolver.resolve(template, MapContext.parse("{\"sku\":\"standard\",\"n\":1}")),
                "circular definition: variables('a') -> variables('b') -> variables('a')");
    }

    @Test
    void ordersByDependsOnAndRejectsCycles() {
        JsonNode template = MapContext.parse("{\"resources\":["
                + "{\"type\":\"Microsoft.X/b\",\"name\":\"b\",\"dependsOn\":[\"[resourceId('Microsoft.X/a', 'a')]\"]},"
                + "{\"type\":\"Microsoft.X/a\",\"name\":\"a\"}]}");
        List<ResolvedResource> resources = new TemplateResolver(scope(EvaluationContext.Mode.STRICT, null)).resolve(template, null);
        assertEquals(List.of("a", "b"), resources.stream().map(ResolvedResource::name).toList());

        JsonNode cyclic = MapContext.parse("{\"resources\":["
                + "{\"type\":\"Microsoft.X/b\",\"name\":\"b\",\"dependsOn\":[\"a\"]},"
                + "{\"type\":\"Microsoft.X/a\",\"name\":\"a\",\"dependsOn\":[\"b\"]}]}");
        assertMessage(() -> new TemplateResolver(scope(EvaluationContext.Mode.STRICT, null)).resolve(cyclic, null), "circular dependsOn");
    }

    @Test
    void copyLoopsAreRefusedInStrictMode() {
        JsonNode template = MapContext.parse("{\"resources\":[{\"type\":\"Microsoft.X/a\",\"name\":\"[concat('a', copyIndex())]\","
                + "\"copy\":{\"name\":\"c\",\"count\":2}}]}");
        UnsupportedExpressionException e = assertThrows(UnsupportedExpressionException.class,
                () -> new TemplateResolver(scope(EvaluationContext.Mode.STRICT, null)).resolve(template, null));
        assertEquals("copy", e.function());
        List<ResolvedResource> lenient = new TemplateResolver(scope(EvaluationContext.Mode.LENIENT, null)).resolve(template, null);
        assertTrue(lenient.get(0).name().startsWith("could not determine: copyIndex()"), lenient.get(0).name());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        ExpressionException e = assertThrows(ExpressionException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
    }
}
