package dev.dicomcmk.azure;

/** How to sign in (--auth). */
public enum AuthMode {
    /** azure-identity's DefaultAzureCredential chain: environment, workload identity, managed identity, Azure CLI, ... */
    DEFAULT,
    /** the Azure CLI's signed-in account (az login) */
    CLI,
    /** a service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or a certificate) */
    ENV,
    /** the managed identity of the Azure host this runs on (AZURE_CLIENT_ID selects a user-assigned one) */
    MANAGED_IDENTITY,
    /** a federated token (Kubernetes, GitHub Actions OIDC) from AZURE_FEDERATED_TOKEN_FILE */
    WORKLOAD_IDENTITY;

    /** The spelling on the command line: managed-identity, workload-identity, ... */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
