package dev.dicomcmk.requirements;

/**
 * The catalogue of CMK requirements. IDs are a public contract (README, man page, JSON, SARIF
 * rule ids): never rename one. Each carries the documentation statement it rests on and the
 * general remedy; findings add the specific evidence.
 */
public enum Requirement {
    KEY_URL_VERSIONED("KEY-URL-VERSIONED", "Key URL names a key version",
            "configure page: \"The key is versioned.\"; the portal step copies the Key Identifier of a specific key version",
            "Use the key identifier with its version: https://<vault>/keys/<key>/<version>."),
    KEY_LOCATION("KEY-LOCATION", "Key is in an Azure Key Vault or Managed HSM that can be found",
            "best practices: \"You need to store customer-managed keys in Azure Key Vault or Azure Key Vault Managed Hardware Security Module (HSM).\"",
            "Keep the key in a Key Vault or Managed HSM of this cloud, in a subscription you can read (--subscription)."),
    KEY_TYPE("KEY-TYPE", "Key type is RSA or RSA-HSM",
            "configure page: \"The key type is RSA-HSM or RSA.\"",
            "Create an RSA or RSA-HSM key (3072 bits) and move the service to it."),
    KEY_SIZE("KEY-SIZE", "Key is 2048 or 3072 bits",
            "configure page: \"The key is 2048-bit or 3072-bit.\"",
            "Create a 2048-bit or 3072-bit RSA key; other sizes (including 4096) are not accepted."),
    KEY_ENABLED("KEY-ENABLED", "Key version is enabled and within its validity period",
            "best practices: \"The key is disabled or deleted from the key vault\" makes API requests \"return with 500 errors\"",
            "Enable the key version and clear or extend its expiry."),
    KEY_EXPIRY_HORIZON("KEY-EXPIRY-HORIZON", "Key does not expire within the horizon",
            "an expired key cannot wrap or unwrap, which the docs list among the ways the service loses access",
            "Rotate the service to a new key version before expiry (rotate-key --new-version), or extend the expiry date."),
    KEY_OPS("KEY-OPS", "Key permits wrapKey and unwrapKey",
            "configure page template: \"keyOps\": [\"unwrapKey\", \"wrapKey\"]; the service wraps its data keys with the CMK",
            "Allow the wrapKey and unwrapKey operations on the key (an RSA key; other key types cannot wrap)."),
    KEY_OLD_VERSIONS_ENABLED("KEY-OLD-VERSIONS-ENABLED", "Earlier key versions stay enabled",
            "best practices: \"Always make sure to keep existing keys enabled when adding new keys because they're still needed to access the data that was encrypted with them.\"",
            "Re-enable earlier versions; never disable or delete them."),
    KEY_ROTATION_AGE("KEY-ROTATION-AGE", "Key version is younger than the maximum age",
            "best practices: \"rotate keys often\"; \"Keys used with the DICOM service must be rotated manually.\"",
            "Rotate the key with rotate-key --new-version (old versions stay enabled)."),
    KEY_AUTO_ROTATION_GAP("KEY-AUTO-ROTATION-GAP", "Service follows the newest key version",
            "best practices: \"Keys used with the DICOM service must be rotated manually.\" The service pins one version and ignores versions Key Vault rotates in",
            "Point the service at the newest version with rotate-key --to-latest, e.g. from cron after each automatic rotation."),
    VAULT_SOFT_DELETE("VAULT-SOFT-DELETE", "Vault has soft delete",
            "configure page: \"the key vault or managed HSM must have soft delete and purge protection enabled.\"",
            "Enable soft delete on the vault (on by default for new vaults)."),
    VAULT_PURGE_PROTECTION("VAULT-PURGE-PROTECTION", "Vault has purge protection",
            "configure page: \"the key vault or managed HSM must have soft delete and purge protection enabled.\"",
            "Enable purge protection on the vault (irreversible)."),
    VAULT_SAME_TENANT("VAULT-SAME-TENANT", "Vault is in the service's tenant",
            "configure page: \"The key vault is located in the same Azure tenant as the DICOM service.\"",
            "Use a key in a vault of the DICOM service's tenant; access cannot be granted across tenants."),
    VAULT_FIREWALL_BYPASS("VAULT-FIREWALL-BYPASS", "Firewall lets trusted Microsoft services through",
            "configure page: \"When using a key vault with a firewall to disable public access, the option to Allow trusted Microsoft services to bypass this firewall must be enabled.\"",
            "Set the vault's network bypass to AzureServices (Allow trusted Microsoft services)."),
    SERVICE_IDENTITY("SERVICE-IDENTITY", "Service has a managed identity",
            "configure page: \"Before you set up keys, you need to enable a managed identity for the DICOM service.\"",
            "Turn on a system- or user-assigned identity with enable-identity."),
    IDENTITY_KEY_ACCESS("IDENTITY-KEY-ACCESS", "Service identity can get, wrap and unwrap the key",
            "configure page: \"The system-assigned managed identity needs the Key Vault Crypto Service Encryption User role to access keys\"",
            "Grant the identity Key Vault Crypto Service Encryption User at the key (enable-identity --grant-key-access)."),
    IDENTITY_LEAST_PRIVILEGE("IDENTITY-LEAST-PRIVILEGE", "Service identity holds no more than it needs on the key",
            "configure page names Key Vault Crypto Service Encryption User (read, wrap, unwrap); its own template grants Key Vault Crypto Officer",
            "Replace broader roles (Crypto Officer, Administrator, Crypto User) with Key Vault Crypto Service Encryption User at key scope."),
    MHSM_PRIVATE_UAMI("MHSM-PRIVATE-UAMI", "Private Managed HSM is reached with a user-assigned identity",
            "configure page: \"When using a managed HSM, if the vault has disabled public traffic and has a private endpoint, a user-assigned managed identity must be used with the DICOM service.\"",
            "Give the service a user-assigned identity with access to the HSM (enable-identity --user-assigned).");

    private final String id;
    private final String title;
    private final String source;
    private final String remedy;

    Requirement(String id, String title, String source, String remedy) {
        this.id = id;
        this.title = title;
        this.source = source;
        this.remedy = remedy;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The documentation statement the requirement rests on. */
    public String source() {
        return source;
    }

    public String remedy() {
        return remedy;
    }

    public static Requirement byId(String id) {
        for (Requirement r : values()) {
            if (r.id.equalsIgnoreCase(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown requirement " + id);
    }
}
