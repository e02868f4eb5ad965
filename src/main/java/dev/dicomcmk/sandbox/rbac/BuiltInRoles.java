package dev.dicomcmk.sandbox.rbac;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Azure RBAC built-in roles the sandbox knows: the Key Vault roles and Owner, Contributor, Reader,
 * User Access Administrator, Role Based Access Control Administrator, with their real actions and data
 * actions, read from the one data file the tool reads too (the sandbox parses it itself).
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

    public static final String RBAC_ADMINISTRATOR = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";

    private static final Map<String, RoleDefinition> ROLES = RolesFile.read("azureRoles");

    private BuiltInRoles() {
    }

    public static Optional<RoleDefinition> byGuid(String guid) {
        return guid == null ? Optional.empty() : Optional.ofNullable(ROLES.get(guid.toLowerCase(java.util.Locale.ROOT)));
    }

    public static List<RoleDefinition> all() {
        return List.copyOf(ROLES.values());
    }
}
