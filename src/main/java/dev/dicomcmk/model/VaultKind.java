package dev.dicomcmk.model;

/** Where a key lives: an Azure Key Vault or a Managed HSM. */
public enum VaultKind {
    KEY_VAULT("Key Vault", "Microsoft.KeyVault/vaults"),
    MANAGED_HSM("Managed HSM", "Microsoft.KeyVault/managedHSMs");

    private final String displayName;
    private final String resourceType;

    VaultKind(String displayName, String resourceType) {
        this.displayName = displayName;
        this.resourceType = resourceType;
    }

    public String displayName() {
        return displayName;
    }

    public String resourceType() {
        return resourceType;
    }
}
