package dev.dicomcmk.template;

import dev.dicomcmk.testing.Golden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.azure.Json;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.template.expressions.DeploymentScope;
import dev.dicomcmk.template.expressions.EvaluationContext;
import dev.dicomcmk.template.expressions.ResolvedResource;
import dev.dicomcmk.template.expressions.TemplateResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

class ArmTemplateRendererTest {
    private static final Golden GOLDEN = Golden.in("template/golden");

    private static final String UAMI_PACS_TYPED = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-identity"
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami-pacs";
    private static final ArmTemplateRenderer RENDERER = new ArmTemplateRenderer("1.2.3");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("healthy-rotate", "service-healthy.json",
                        DesiredState.keyOnly("https://kv-dicom.vault.sandbox.test/keys/dicom-cmk/ffffffffffffffffffffffffffffffff")),
                Arguments.of("full-add-system", "service-full.json",
                        new DesiredState("https://kv-imaging.vault.azure.net/keys/pacs-key/2222222222222222222222222222bbbb",
                                true, List.of(), List.of())),
                Arguments.of("brackets", "service-brackets.json", new DesiredState(null, null, List.of(), List.of())),
                Arguments.of("full-remove-uami", "service-full.json",
                        new DesiredState(null, null, List.of(), List.of(UAMI_PACS_TYPED))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGoldenFiles(String name, String serviceFile, DesiredState desired) throws IOException {
        RenderedTemplate rendered = RENDERER.render(resource(serviceFile), desired);
        GOLDEN.assertMatches(name + ".template.json", rendered.templateJson());
        GOLDEN.assertMatches(name + ".parameters.json", rendered.parametersJson());
    }

    /** Deploying the rendered files sends exactly the intended PUT body: everything carried over, the change applied. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundTripsToTheExpectedPutBody(String name, String serviceFile, DesiredState desired) throws IOException {
        JsonNode service = resource(serviceFile);
        RenderedTemplate rendered = RENDERER.render(service, desired);
        ServiceId id = ServiceId.parse(service.path("id").asText(), null, null);
        DeploymentScope scope = new DeploymentScope(id.subscriptionId(), "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                id.resourceGroup(), "somewhere-else", "dicom-cmk", EvaluationContext.Mode.STRICT, null);

        List<ResolvedResource> resources = new TemplateResolver(scope)
                .resolve(Json.MAPPER.readTree(rendered.templateJson()), Json.MAPPER.readTree(rendered.parametersJson()));

        assertEquals(1, resources.size());
        ResolvedResource dicom = resources.get(0);
        assertEquals(ServiceId.RESOURCE_TYPE, dicom.type());
        assertEquals("2024-03-31", dicom.apiVersion());
        assertEquals(id.shortName(), dicom.name());
        assertTrue(dicom.id().equalsIgnoreCase(id.armId()), dicom.id());
        assertEquals(resource(name + ".expected-put.json"), dicom.body());
    }

    @Test
    void outputIsDeterministicWhateverTheInputKeyOrder() throws IOException {
        JsonNode service = resource("service-full.json");
        DesiredState desired = new DesiredState("https://kv-imaging.vault.azure.net/keys/pacs-key/v2", true, List.of(), List.of());
        RenderedTemplate first = RENDERER.render(service, desired);
        RenderedTemplate again = RENDERER.render(reversed(service), desired);
        assertEquals(first.templateJson(), again.templateJson());
        assertEquals(first.parametersJson(), again.parametersJson());
        assertTrue(first.templateJson().endsWith("}\n") && !first.templateJson().contains("\r"));
        assertEquals(Json.MAPPER.readTree(first.templateJson()), first.template());
        assertEquals(Json.MAPPER.readTree(first.parametersJson()), first.parameters());
    }

    @Test
    void neverEmitsReadOnlyOrIdentityDetails() throws IOException {
        RenderedTemplate rendered = RENDERER.render(resource("service-full.json"),
                new DesiredState(null, true, List.of(), List.of()));
        String both = rendered.templateJson() + rendered.parametersJson();
        for (String readOnly : List.of("principalId", "clientId", "tenantId", "provisioningState", "serviceUrl",
                "authenticationConfiguration", "privateEndpointConnections", "eventState", "etag", "systemData")) {
            assertFalse(both.contains(readOnly), readOnly + " must not be rendered");
        }
    }

    @Test
    void addsUserAssignedIdentitiesWithoutDuplicatesAndKeepsTheRest() throws IOException {
        String added = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-identity/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/uami-new";
        RenderedTemplate rendered = RENDERER.render(resource("service-healthy.json"),
                new DesiredState(null, null, List.of(added, added.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/")), List.of()));
        JsonNode values = rendered.parameters().path("parameters");
        assertEquals("SystemAssigned,UserAssigned", values.at("/identityType/value").textValue());
        assertEquals(1, values.at("/userAssignedIdentities/value").size());
        assertTrue(values.at("/userAssignedIdentities/value").has(added));
        assertEquals("https://kv-dicom.vault.sandbox.test/keys/dicom-cmk/0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                values.at("/keyEncryptionKeyUrl/value").textValue(), "no key given: the current key is kept");
    }

    @Test
    void rejectsWhatIsNotADicomServiceOrNotUsable() throws IOException {
        ObjectNode wrongType = (ObjectNode) resource("service-healthy.json");
        wrongType.put("type", "Microsoft.HealthcareApis/workspaces/fhirservices");
        assertRejected(wrongType, DesiredState.keyOnly("https://kv.vault.azure.net/keys/k/v"), "not a DICOM service");

        ObjectNode noId = (ObjectNode) resource("service-healthy.json");
        noId.remove("id");
        assertRejected(noId, DesiredState.keyOnly("https://kv.vault.azure.net/keys/k/v"), "has no 'id'");

        ObjectNode noLocation = (ObjectNode) resource("service-healthy.json");
        noLocation.remove("location");
        assertRejected(noLocation, DesiredState.keyOnly("https://kv.vault.azure.net/keys/k/v"), "has no 'location'");

        JsonNode healthy = resource("service-healthy.json");
        assertRejected(healthy, DesiredState.keyOnly("  "), "key URL is blank");
        assertRejected(healthy, DesiredState.keyOnly("http://kv.vault.azure.net/keys/k/v"), "is not a key URL");
        assertRejected(healthy, new DesiredState(null, false, List.of(), List.of()), "would have no managed identity");
        assertRejected(healthy, new DesiredState(null, null, List.of(), List.of(UAMI_PACS_TYPED)), "the service does not have it");
        assertRejected(healthy, new DesiredState(null, null, List.of("uami-pacs"), List.of()), "is not a user-assigned identity id");

        ObjectNode noKey = (ObjectNode) resource("service-healthy.json");
        ((ObjectNode) noKey.get("properties")).remove("encryption");
        assertRejected(noKey, new DesiredState(null, null, List.of(), List.of()), "has no customer-managed key yet");
    }

    private static void assertRejected(JsonNode service, DesiredState desired, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RENDERER.render(service, desired));
        assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
    }

    static JsonNode resource(String name) throws IOException {
        try (InputStream in = ArmTemplateRendererTest.class.getResourceAsStream("/template/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /template/" + name);
            }
            return Json.MAPPER.readTree(in);
        }
    }

    /** The same JSON with every object's keys in reverse order. */
    private static JsonNode reversed(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            List<String> names = new java.util.ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(0, it.next());
            }
            names.forEach(n -> out.set(n, reversed(node.get(n))));
            return out;
        }
        if (node.isArray()) {
            var out = Json.MAPPER.createArrayNode();
            node.forEach(e -> out.add(reversed(e)));
            return out;
        }
        return node;
    }
}
