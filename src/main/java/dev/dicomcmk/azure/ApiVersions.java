package dev.dicomcmk.azure;

/** The api-versions this tool speaks, one place to change them. */
public final class ApiVersions {
    /** newest stable Microsoft.HealthcareApis (WIRE.md §1) */
    public static final String DICOM = "2024-03-31";
    /** newest stable Microsoft.KeyVault vaults and managedHSMs (WIRE.md §4) */
    public static final String KEY_VAULT_MGMT = "2024-11-01";
    public static final String MANAGED_IDENTITY = "2023-01-31";
    public static final String AUTHORIZATION = "2022-04-01";
    public static final String RESOURCES = "2021-04-01";
    public static final String SUBSCRIPTIONS = "2022-12-01";
    public static final String RESOURCE_HEALTH = "2025-04-01";
    /** Managed HSM local RBAC (data plane) */
    public static final String MANAGED_HSM_RBAC = "7.5";

    private ApiVersions() {
    }
}
