package dev.dicomcmk.sandbox.arm;

import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;

import java.util.List;
import java.util.Map;

/** The api-versions ARM accepts per resource type (a representative set of the real ones). */
final class ApiVersions {

    static final List<String> HEALTHCARE = List.of("2021-06-01-preview", "2021-11-01", "2022-01-31-preview",
            "2022-05-15", "2022-06-01", "2022-10-01-preview", "2022-12-01", "2023-02-28", "2023-06-01-preview",
            "2023-09-06", "2023-11-01", "2023-12-01", "2024-03-01", "2024-03-31", "2025-03-01-preview", "2025-04-01-preview");
    static final List<String> KEYVAULT = List.of("2019-09-01", "2020-04-01-preview", "2021-04-01-preview",
            "2021-06-01-preview", "2021-10-01", "2021-11-01-preview", "2022-02-01-preview", "2022-07-01", "2022-11-01",
            "2023-02-01", "2023-07-01", "2023-08-01-preview", "2024-04-01-preview", "2024-11-01", "2024-12-01-preview", "2025-05-01");
    static final List<String> MANAGED_IDENTITY = List.of("2018-11-30", "2021-09-30-preview", "2022-01-31-preview",
            "2023-01-31", "2023-07-31-preview", "2024-11-30");
    static final List<String> ROLE_ASSIGNMENTS = List.of("2015-07-01", "2018-01-01-preview", "2018-09-01-preview",
            "2020-03-01-preview", "2020-04-01-preview", "2020-08-01-preview", "2020-10-01-preview", "2022-01-01-preview",
            "2022-04-01");
    /** Microsoft.Authorization/permissions (the caller's effective actions at a scope). */
    static final List<String> PERMISSIONS = List.of("2015-07-01", "2018-01-01-preview", "2022-04-01");
    static final List<String> ROLE_DEFINITIONS = List.of("2015-07-01", "2018-01-01-preview", "2022-04-01",
            "2022-05-01-preview");
    static final List<String> RESOURCES = List.of("2021-04-01", "2022-09-01", "2023-07-01", "2024-03-01",
            "2024-07-01", "2024-11-01", "2025-03-01", "2025-04-01");
    /** 2019-11-01 is the one the Azure CLI's `az login` lists subscriptions with. */
    static final List<String> SUBSCRIPTIONS = List.of("2016-06-01", "2019-06-01", "2019-11-01", "2020-01-01",
            "2021-01-01", "2022-12-01");
    static final List<String> RESOURCE_HEALTH = List.of("2015-01-01", "2017-07-01", "2018-07-01", "2020-05-01",
            "2022-10-01", "2023-10-01-preview", "2024-02-01", "2025-04-01");

    private static final Map<String, List<String>> BY_NAMESPACE_TYPE = Map.of(
            "microsoft.healthcareapis", HEALTHCARE,
            "microsoft.keyvault", KEYVAULT,
            "microsoft.managedidentity", MANAGED_IDENTITY);

    private ApiVersions() {
    }

    static List<String> forNamespace(String namespace) {
        return BY_NAMESPACE_TYPE.get(namespace.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Null when the request's api-version is one of {@code supported}; else ARM's 400. Provider
     * resource types answer NoRegisteredProviderFound, ARM's own APIs InvalidApiVersionParameter.
     */
    static Response check(Request r, List<String> supported, String providerType, String location) {
        String v = r.query("api-version");
        if (v == null || v.isBlank()) {
            return ArmErrors.error(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
        if (supported.contains(v)) {
            return null;
        }
        if (providerType != null) {
            return ArmErrors.error(400, "NoRegisteredProviderFound", "No registered resource provider found for location '"
                    + location + "' and API version '" + v + "' for type '" + providerType + "'. The supported api-versions are '"
                    + String.join(", ", supported) + "'. The supported locations are '" + location + "'.");
        }
        return ArmErrors.error(400, "InvalidApiVersionParameter", "The api-version '" + v
                + "' is invalid. The supported versions are '" + String.join(",", supported)
                + "'. Please see https://aka.ms/arm-api-versions for more details.");
    }
}
