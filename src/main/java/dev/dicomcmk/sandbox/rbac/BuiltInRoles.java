package dev.dicomcmk.sandbox.rbac;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Azure RBAC built-in roles the sandbox knows: the Key Vault roles (reference/docs/roles-excerpts.md)
 * and Owner, Contributor, Reader, User Access Administrator, with their real (data) actions.
 */
public final class BuiltInRoles {

    public static final String KV_ADMINISTRATOR = "00482a5a-887f-4fb3-b363-3b7fe8e74483";
    public static final String KV_CERTIFICATES_OFFICER = "a4417e6f-fecd-4de8-b567-7b0420556985";
    public static final String KV_CONTRIBUTOR = "f25e0fa2-a7c8-4377-a976-54943a77a395";
    public static final String KV_CRYPTO_OFFICER = "14b46e9e-c2b7-41b4-b07b-48a6ebf60603";
    public static final String KV_CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6";
    public static final String KV_CRYPTO_SERVICE_RELEASE_USER = "08bbd89e-9f13-488c-ac41-acfcb10c90ab";
    public static final String KV_CRYPTO_USER = "12338af0-0e69-4776-bea7-57ae8d297424";
    public static final String KV_READER = "21090545-7ca7-4776-b22c-e363652d74d2";
    public static final String KV_SECRETS_OFFICER = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    public static final String KV_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
    public static final String OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    public static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    public static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
    public static final String USER_ACCESS_ADMINISTRATOR = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

    private static final List<String> KV_MGMT_READ = List.of("Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*", "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Support/*",
            "Microsoft.KeyVault/checkNameAvailability/read", "Microsoft.KeyVault/deletedVaults/read",
            "Microsoft.KeyVault/locations/*/read", "Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/operations/read");

    private static final Map<String, RoleDefinition> ROLES = new LinkedHashMap<>();

    static {
        add(KV_ADMINISTRATOR, "Key Vault Administrator",
                "Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets. Cannot manage key vault resources or manage role assignments. Only works for key vaults that use the 'Azure role-based access control' permission model.",
                KV_MGMT_READ, List.of(), List.of("Microsoft.KeyVault/vaults/*"));
        add(KV_CERTIFICATES_OFFICER, "Key Vault Certificates Officer",
                "Perform any action on the certificates of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.",
                KV_MGMT_READ, List.of(), List.of("Microsoft.KeyVault/vaults/certificatecas/*",
                        "Microsoft.KeyVault/vaults/certificates/*", "Microsoft.KeyVault/vaults/certificatecontacts/write"));
        add(KV_CONTRIBUTOR, "Key Vault Contributor",
                "Lets you manage key vaults, but not access to them.",
                List.of("Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*",
                        "Microsoft.KeyVault/*", "Microsoft.Resources/deployments/*",
                        "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Support/*"),
                List.of("Microsoft.KeyVault/locations/deletedVaults/purge/action", "Microsoft.KeyVault/hsmPools/*",
                        "Microsoft.KeyVault/managedHsms/*"), List.of());
        add(KV_CRYPTO_OFFICER, "Key Vault Crypto Officer",
                "Perform any action on the keys of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.",
                KV_MGMT_READ, List.of(), List.of("Microsoft.KeyVault/vaults/keys/*",
                        "Microsoft.KeyVault/vaults/keyrotationpolicies/*"));
        add(KV_CRYPTO_SERVICE_ENCRYPTION_USER, "Key Vault Crypto Service Encryption User",
                "Read metadata of keys and perform wrap/unwrap operations. Only works for key vaults that use the 'Azure role-based access control' permission model.",
                List.of("Microsoft.EventGrid/eventSubscriptions/write", "Microsoft.EventGrid/eventSubscriptions/read",
                        "Microsoft.EventGrid/eventSubscriptions/delete"), List.of(),
                List.of("Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/wrap/action",
                        "Microsoft.KeyVault/vaults/keys/unwrap/action"));
        add(KV_CRYPTO_SERVICE_RELEASE_USER, "Key Vault Crypto Service Release User", "Release keys. Only works for key vaults that use the 'Azure role-based access control' permission model.",
                List.of(), List.of(), List.of("Microsoft.KeyVault/vaults/keys/release/action"));
        add(KV_CRYPTO_USER, "Key Vault Crypto User",
                "Perform cryptographic operations using keys. Only works for key vaults that use the 'Azure role-based access control' permission model.",
                List.of(), List.of(), List.of("Microsoft.KeyVault/vaults/keys/read",
                        "Microsoft.KeyVault/vaults/keys/update/action", "Microsoft.KeyVault/vaults/keys/backup/action",
                        "Microsoft.KeyVault/vaults/keys/encrypt/action", "Microsoft.KeyVault/vaults/keys/decrypt/action",
                        "Microsoft.KeyVault/vaults/keys/wrap/action", "Microsoft.KeyVault/vaults/keys/unwrap/action",
                        "Microsoft.KeyVault/vaults/keys/sign/action", "Microsoft.KeyVault/vaults/keys/verify/action"));
        add(KV_READER, "Key Vault Reader",
                "Read metadata of key vaults and its certificates, keys, and secrets. Cannot read sensitive values such as secret contents or key material. Only works for key vaults that use the 'Azure role-based access control' permission model.",
                List.of("Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*",
                        "Microsoft.Resources/deployments/*", "Microsoft.Resources/subscriptions/resourceGroups/read",
                        "Microsoft.Support/*", "Microsoft.KeyVault/checkNameAvailability/read",
                        "Microsoft.KeyVault/deletedVaults/read", "Microsoft.KeyVault/locations/*/read",
                        "Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/operations/read"), List.of(),
                List.of("Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"));
        add(KV_SECRETS_OFFICER, "Key Vault Secrets Officer",
                "Perform any action on the secrets of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.",
                KV_MGMT_READ, List.of(), List.of("Microsoft.KeyVault/vaults/secrets/*"));
        add(KV_SECRETS_USER, "Key Vault Secrets User",
                "Read secret contents. Only works for key vaults that use the 'Azure role-based access control' permission model.",
                List.of(), List.of(), List.of("Microsoft.KeyVault/vaults/secrets/getSecret/action",
                        "Microsoft.KeyVault/vaults/secrets/readMetadata/action"));
        add(OWNER, "Owner", "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
                List.of("*"), List.of(), List.of());
        add(CONTRIBUTOR, "Contributor",
                "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
                List.of("*"), List.of("Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write",
                        "Microsoft.Authorization/elevateAccess/Action", "Microsoft.Blueprint/blueprintAssignments/write",
                        "Microsoft.Blueprint/blueprintAssignments/delete", "Microsoft.Compute/galleries/share/action",
                        "Microsoft.Purview/consents/write", "Microsoft.Purview/consents/delete",
                        "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
                        "Microsoft.Subscription/cancel/action", "Microsoft.Subscription/enable/action"), List.of());
        add(READER, "Reader", "View all resources, but does not allow you to make any changes.",
                List.of("*/read"), List.of(), List.of());
        add(USER_ACCESS_ADMINISTRATOR, "User Access Administrator", "Lets you manage user access to Azure resources.",
                List.of("*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"), List.of(), List.of());
    }

    private BuiltInRoles() {
    }

    private static void add(String guid, String name, String description, List<String> actions,
                            List<String> notActions, List<String> dataActions) {
        ROLES.put(guid, new RoleDefinition(guid, name, description, actions, notActions, dataActions, List.of()));
    }

    public static Optional<RoleDefinition> byGuid(String guid) {
        return guid == null ? Optional.empty() : Optional.ofNullable(ROLES.get(guid.toLowerCase(java.util.Locale.ROOT)));
    }

    public static List<RoleDefinition> all() {
        return List.copyOf(ROLES.values());
    }
}
