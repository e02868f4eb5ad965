package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /subscriptions/{s}/providers[/{namespace}]}: the resource providers the sandbox serves,
 * registered, with their resource types, locations and api-versions, as ARM lists them (a client such as
 * {@code az resource show} without --api-version picks its version here).
 */
final class ProvidersApi {

    private record Type(String name, List<String> apiVersions) {
    }

    private static final Map<String, List<Type>> PROVIDERS = new LinkedHashMap<>();

    static {
        PROVIDERS.put("Microsoft.HealthcareApis", List.of(new Type("workspaces", ApiVersions.HEALTHCARE),
                new Type("workspaces/dicomservices", ApiVersions.HEALTHCARE),
                new Type("locations/operationresults", ApiVersions.HEALTHCARE)));
        PROVIDERS.put("Microsoft.KeyVault", List.of(new Type("vaults", ApiVersions.KEYVAULT),
                new Type("vaults/accessPolicies", ApiVersions.KEYVAULT), new Type("managedHSMs", ApiVersions.KEYVAULT)));
        PROVIDERS.put("Microsoft.ManagedIdentity", List.of(new Type("userAssignedIdentities", ApiVersions.MANAGED_IDENTITY)));
        PROVIDERS.put("Microsoft.Authorization", List.of(new Type("roleAssignments", ApiVersions.ROLE_ASSIGNMENTS),
                new Type("roleDefinitions", ApiVersions.ROLE_DEFINITIONS), new Type("permissions", ApiVersions.PERMISSIONS)));
        PROVIDERS.put("Microsoft.ResourceHealth", List.of(new Type("availabilityStatuses", ApiVersions.RESOURCE_HEALTH)));
        PROVIDERS.put("Microsoft.Resources", List.of(new Type("deployments", ApiVersions.RESOURCES),
                new Type("resourceGroups", ApiVersions.RESOURCES), new Type("subscriptions", ApiVersions.SUBSCRIPTIONS)));
    }

    private ProvidersApi() {
    }

    /** @param namespace the provider asked for, or null for the list */
    static Response get(WorldState w, Request r, String namespace) {
        Response bad = ApiVersions.check(r, ApiVersions.RESOURCES, null, w.location);
        if (bad != null) {
            return bad;
        }
        if (namespace == null) {
            ArrayNode value = Json.arr();
            PROVIDERS.forEach((ns, types) -> value.add(provider(w, ns, types)));
            return Response.json(200, Json.obj().set("value", value));
        }
        return PROVIDERS.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(namespace)).findFirst()
                .map(e -> Response.json(200, provider(w, e.getKey(), e.getValue())))
                .orElseGet(() -> ArmErrors.error(404, "InvalidResourceNamespace", "The resource namespace '" + namespace
                        + "' is invalid."));
    }

    private static ObjectNode provider(WorldState w, String namespace, List<Type> types) {
        ObjectNode p = Json.obj().put("id", "/subscriptions/" + w.subscriptionId + "/providers/" + namespace)
                .put("namespace", namespace);
        ArrayNode rts = p.putArray("resourceTypes");
        for (Type t : types) {
            ObjectNode rt = rts.addObject().put("resourceType", t.name());
            rt.putArray("locations").add(displayLocation(w.location));
            ArrayNode versions = rt.putArray("apiVersions");
            // ARM lists the newest first
            t.apiVersions().stream().sorted(java.util.Comparator.reverseOrder()).forEach(versions::add);
            rt.put("capabilities", "None");
        }
        p.put("registrationState", "Registered").put("registrationPolicy", "RegistrationRequired");
        return p;
    }

    /** "westus2" as ARM's provider listing writes it ("West US 2"). */
    static String displayLocation(String location) {
        return switch (location.toLowerCase(java.util.Locale.ROOT)) {
            case "westus2" -> "West US 2";
            case "eastus" -> "East US";
            case "westus" -> "West US";
            default -> location;
        };
    }
}
