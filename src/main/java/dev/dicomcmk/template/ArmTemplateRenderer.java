package dev.dicomcmk.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.Text;
import dev.dicomcmk.template.expressions.ArmExpressions;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders the deployment that sets a DICOM service's identity and customer-managed key while
 * carrying over every other property. A DICOM PUT replaces the resource, so a property this
 * template forgot would be wiped in production; the template therefore repeats the service's
 * tags and all its writable properties, and parameterises only what a user changes.
 */
public final class ArmTemplateRenderer {
    static final String TEMPLATE_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
    static final String PARAMETERS_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";
    /** Newest stable DICOM API version (WIRE.md §1). */
    static final String API_VERSION = "2024-03-31";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String toolVersion;

    public ArmTemplateRenderer(String toolVersion) {
        this.toolVersion = Objects.requireNonNull(toolVersion, "toolVersion");
    }

    /**
     * @param currentService the GET body of the DICOM service (or `az resource show` output)
     * @throws IllegalArgumentException when the body is not a DICOM service, lacks id or location,
     *                                  or the desired state is not one a service can have
     */
    public RenderedTemplate render(JsonNode currentService, DesiredState desired) {
        Objects.requireNonNull(desired, "desired");
        ServiceId service = serviceId(currentService);
        String location = requiredText(currentService, "location", service);
        String keyUrl = keyUrl(currentService, desired, service);
        ResultingIdentity identity = ResultingIdentity.of(currentService.path("identity"), desired);
        if (identity.type().equals(ResultingIdentity.NONE)) {
            throw new IllegalArgumentException("the service " + service.shortName() + " would have no managed identity, "
                    + "but a customer-managed key is reached through one; keep or add a system- or user-assigned identity");
        }

        ObjectNode template = NODES.objectNode();
        template.put("$schema", TEMPLATE_SCHEMA);
        template.put("contentVersion", "1.0.0.0");
        ObjectNode generator = template.putObject("metadata").putObject("_generator");
        generator.put("name", "dicom-cmk");
        generator.put("version", toolVersion);
        template.set("parameters", parameterDeclarations(service, location, identity));
        template.putArray("resources").add(dicomResource(currentService, identity));

        ObjectNode parameters = parameterValues(service, location, keyUrl, identity);
        return new RenderedTemplate(CanonicalJson.write(template), CanonicalJson.write(parameters), template, parameters);
    }

    private static ObjectNode parameterDeclarations(ServiceId service, String location, ResultingIdentity identity) {
        ObjectNode declarations = NODES.objectNode();
        // defaultValue is evaluated by ARM, so a value from Azure is escaped like any carried literal
        declarations.set("workspaceName", declaration("string", "The Health Data Services workspace of the DICOM service.")
                .put("defaultValue", ArmExpressions.escapeLiteral(service.workspace())));
        declarations.set("dicomServiceName", declaration("string", "The DICOM service to update.")
                .put("defaultValue", ArmExpressions.escapeLiteral(service.name())));
        declarations.set("location", declaration("string", "The DICOM service's region; a PUT cannot move it.")
                .put("defaultValue", ArmExpressions.escapeLiteral(location)));
        declarations.set("keyEncryptionKeyUrl", declaration("string",
                "The versioned key identifier, https://<vault>.vault.azure.net/keys/<key>/<version>."));
        ObjectNode identityType = declaration("string",
                "The managed identities of the service; the key is reached through one of them.");
        ArrayNode allowed = identityType.putArray("allowedValues");
        allowed.add(ResultingIdentity.NONE).add(ResultingIdentity.SYSTEM).add(ResultingIdentity.USER)
                .add(ResultingIdentity.SYSTEM_AND_USER);
        declarations.set("identityType", identityType);
        if (!identity.userAssigned().isEmpty()) {
            declarations.set("userAssignedIdentities", declaration("object",
                    "The user-assigned identities, keyed by ARM id, each with an empty object as value."));
        }
        return declarations;
    }

    private static ObjectNode declaration(String type, String description) {
        ObjectNode node = NODES.objectNode();
        node.put("type", type);
        node.putObject("metadata").put("description", description);
        return node;
    }

    private static ObjectNode dicomResource(JsonNode currentService, ResultingIdentity identity) {
        ObjectNode resource = NODES.objectNode();
        resource.put("type", ServiceId.RESOURCE_TYPE);
        resource.put("apiVersion", API_VERSION);
        resource.put("name", "[format('{0}/{1}', parameters('workspaceName'), parameters('dicomServiceName'))]");
        resource.put("location", "[parameters('location')]");
        JsonNode tags = currentService.get("tags");
        if (tags != null && tags.isObject()) {
            resource.set("tags", CarriedProperties.escaped(tags));
        }
        ObjectNode identityNode = resource.putObject("identity");
        identityNode.put("type", "[parameters('identityType')]");
        if (!identity.userAssigned().isEmpty()) {
            identityNode.put("userAssignedIdentities", "[parameters('userAssignedIdentities')]");
        }
        ObjectNode properties = CarriedProperties.properties(currentService.path("properties"));
        properties.putObject("encryption").putObject("customerManagedKeyEncryption")
                .put("keyEncryptionKeyUrl", "[parameters('keyEncryptionKeyUrl')]");
        resource.set("properties", properties);
        return resource;
    }

    /** Parameter values are not evaluated by ARM: they are written as they are. */
    private static ObjectNode parameterValues(ServiceId service, String location, String keyUrl, ResultingIdentity identity) {
        ObjectNode file = NODES.objectNode();
        file.put("$schema", PARAMETERS_SCHEMA);
        file.put("contentVersion", "1.0.0.0");
        ObjectNode values = file.putObject("parameters");
        values.putObject("workspaceName").put("value", service.workspace());
        values.putObject("dicomServiceName").put("value", service.name());
        values.putObject("location").put("value", location);
        values.putObject("keyEncryptionKeyUrl").put("value", keyUrl);
        values.putObject("identityType").put("value", identity.type());
        if (!identity.userAssigned().isEmpty()) {
            ObjectNode map = values.putObject("userAssignedIdentities").putObject("value");
            identity.userAssigned().forEach(id -> map.putObject(id));
        }
        return file;
    }

    private static ServiceId serviceId(JsonNode current) {
        if (current == null || !current.isObject()) {
            throw new IllegalArgumentException("the current service must be a JSON object (the GET body of the DICOM service)");
        }
        String type = current.path("type").asText("");
        if (!type.equalsIgnoreCase(ServiceId.RESOURCE_TYPE)) {
            throw new IllegalArgumentException("the resource is a '" + Text.shorten(type.isEmpty() ? "(no type)" : type)
                    + "', not a DICOM service (" + ServiceId.RESOURCE_TYPE + ")");
        }
        String id = current.path("id").asText("");
        if (id.isBlank()) {
            throw new IllegalArgumentException("the DICOM service has no 'id'; save the full GET body (az resource show --ids ...)");
        }
        try {
            return ServiceId.parse(id, null, null);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("the DICOM service's id is not usable: " + e.getMessage(), e);
        }
    }

    private static String requiredText(JsonNode current, String field, ServiceId service) {
        String value = current.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("the DICOM service " + service.shortName() + " has no '" + field
                    + "'; save the full GET body (az resource show --ids ...)");
        }
        return value;
    }

    private static String keyUrl(JsonNode current, DesiredState desired, ServiceId service) {
        String url = desired.keyEncryptionKeyUrl();
        if (url == null) {
            url = current.at("/properties/encryption/customerManagedKeyEncryption/keyEncryptionKeyUrl").asText("");
            if (url.isBlank()) {
                throw new IllegalArgumentException("the DICOM service " + service.shortName()
                        + " has no customer-managed key yet; give the key URL to use");
            }
            return url;
        }
        if (url.isBlank()) {
            throw new IllegalArgumentException("the key URL is blank; give the versioned key identifier "
                    + "https://<vault>.vault.azure.net/keys/<key>/<version>");
        }
        requireKeyUrlShape(url.strip());
        return url.strip();
    }

    /** Only the shape: whether the key exists and meets the requirements is the checker's business. */
    private static void requireKeyUrlShape(String url) {
        try {
            URI uri = new URI(url);
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                    && uri.getPath() != null && uri.getPath().toLowerCase(Locale.ROOT).startsWith("/keys/")) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + Text.shorten(url) + "' is not a key URL; expected "
                + "https://<vault>.vault.azure.net/keys/<key>/<version>");
    }
}
