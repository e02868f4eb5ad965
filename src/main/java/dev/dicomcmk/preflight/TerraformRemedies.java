package dev.dicomcmk.preflight;

import dev.dicomcmk.requirements.Requirement;

/** Each requirement's fix as a Terraform (azurerm) change, for findings read from a plan. */
final class TerraformRemedies {

    private TerraformRemedies() {
    }

    private static final String HSM_SERVICE_ENCRYPTION_USER = "the Managed HSM Crypto Service Encryption User role "
            + "(/Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/33413926-3206-4cdd-b39a-83574fe37a17)";

    /** The fix in Terraform terms for a key in a Managed HSM, or null to keep the Key Vault one. */
    static String ofManagedHsm(Requirement r) {
        return switch (r) {
            case KEY_URL_VERSIONED -> "Set encryption_key_url = azurerm_key_vault_managed_hardware_security_module_key"
                    + ".<name>.versioned_id, not .id (versionless).";
            case KEY_TYPE -> "Set key_type = \"RSA-HSM\" on the azurerm_key_vault_managed_hardware_security_module_key.";
            case KEY_SIZE -> "Set key_size = 3072 (or 2048) on the azurerm_key_vault_managed_hardware_security_module_key; "
                    + "4096 is not accepted.";
            case KEY_OPS -> "Include \"wrapKey\" and \"unwrapKey\" in key_opts of the "
                    + "azurerm_key_vault_managed_hardware_security_module_key.";
            case IDENTITY_KEY_ACCESS -> "Add an azurerm_key_vault_managed_hardware_security_module_role_assignment with "
                    + "managed_hsm_id = azurerm_key_vault_managed_hardware_security_module.<name>.id, scope = "
                    + "\"/keys/<key name>\", role_definition_id = " + HSM_SERVICE_ENCRYPTION_USER + " and principal_id = "
                    + "azurerm_user_assigned_identity.<name>.principal_id.";
            case IDENTITY_LEAST_PRIVILEGE -> "Use role_definition_id = " + HSM_SERVICE_ENCRYPTION_USER + " at scope = "
                    + "\"/keys/<key name>\" (not \"/\" or \"/keys\") instead of Crypto User, Crypto Officer or "
                    + "Administrator.";
            default -> of(r);
        };
    }

    /** The fix in Terraform terms, or null to keep the requirement's own. */
    static String of(Requirement r) {
        return switch (r) {
            case KEY_URL_VERSIONED -> "Set encryption_key_url = azurerm_key_vault_key.<name>.id (the versioned id), "
                    + "not .versionless_id.";
            case KEY_TYPE -> "Set key_type = \"RSA-HSM\" (or \"RSA\") on the azurerm_key_vault_key.";
            case KEY_SIZE -> "Set key_size = 3072 (or 2048) on the azurerm_key_vault_key; 4096 is not accepted.";
            case KEY_OPS -> "Include \"wrapKey\" and \"unwrapKey\" in key_opts of the azurerm_key_vault_key.";
            case VAULT_PURGE_PROTECTION -> "Set purge_protection_enabled = true on the azurerm_key_vault (irreversible).";
            case VAULT_SAME_TENANT -> "Set tenant_id = data.azurerm_client_config.current.tenant_id on the azurerm_key_vault "
                    + "(the DICOM service's tenant).";
            case VAULT_FIREWALL_BYPASS -> "Set bypass = \"AzureServices\" in the azurerm_key_vault's network_acls block.";
            case SERVICE_IDENTITY -> "Add identity { type = \"SystemAssigned\" } (or \"UserAssigned\" with identity_ids) "
                    + "to the azurerm_healthcare_dicom_service.";
            case IDENTITY_KEY_ACCESS -> "Add an azurerm_role_assignment with scope = "
                    + "azurerm_key_vault_key.<name>.resource_versionless_id, role_definition_name = \"Key Vault Crypto "
                    + "Service Encryption User\" and principal_id = "
                    + "azurerm_healthcare_dicom_service.<name>.identity[0].principal_id (an access-policy vault: an "
                    + "azurerm_key_vault_access_policy with key_permissions = [\"Get\", \"WrapKey\", \"UnwrapKey\"]).";
            case IDENTITY_LEAST_PRIVILEGE -> "Use role_definition_name = \"Key Vault Crypto Service Encryption User\" at "
                    + "scope = azurerm_key_vault_key.<name>.resource_versionless_id instead of Crypto Officer or "
                    + "Administrator; access policies: key_permissions = [\"Get\", \"WrapKey\", \"UnwrapKey\"] only.";
            case MHSM_PRIVATE_UAMI -> "Use identity { type = \"UserAssigned\", identity_ids = "
                    + "[azurerm_user_assigned_identity.<name>.id] } on the azurerm_healthcare_dicom_service and grant that "
                    + "identity the key on the Managed HSM.";
            default -> null;
        };
    }
}
