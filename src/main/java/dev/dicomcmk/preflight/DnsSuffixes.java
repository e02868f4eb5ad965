package dev.dicomcmk.preflight;

/** The cloud's Key Vault and Managed HSM DNS suffixes, e.g. vault.azure.net and managedhsm.azure.net. */
public record DnsSuffixes(String keyVault, String managedHsm) {
    public static final DnsSuffixes AZURE_CLOUD = new DnsSuffixes("vault.azure.net", "managedhsm.azure.net");
}
