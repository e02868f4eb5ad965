package dev.dicomcmk.model;

import java.util.List;

/**
 * A Key Vault or Managed HSM as ARM describes it.
 *
 * @param softDelete      null when ARM did not say (older vaults); soft delete is on by default today
 * @param networkDefaultAction Allow or Deny (null when no networkAcls)
 * @param networkBypass   AzureServices or None (null when no networkAcls)
 * @param publicNetworkAccess Enabled or Disabled (null when not reported)
 */
public record VaultFacts(
        VaultKind kind,
        String resourceId,
        String name,
        String location,
        String tenantId,
        Boolean softDelete,
        Integer softDeleteRetentionDays,
        Boolean purgeProtection,
        boolean rbacAuthorization,
        List<AccessPolicy> accessPolicies,
        String networkDefaultAction,
        String networkBypass,
        List<String> ipRules,
        String publicNetworkAccess,
        int privateEndpointConnections) {

    public VaultFacts {
        accessPolicies = accessPolicies == null ? List.of() : List.copyOf(accessPolicies);
        ipRules = ipRules == null ? List.of() : List.copyOf(ipRules);
    }

    /** One access policy entry (access-policy vaults only). */
    public record AccessPolicy(String tenantId, String objectId, List<String> keyPermissions) {
        public AccessPolicy {
            keyPermissions = keyPermissions == null ? List.of() : List.copyOf(keyPermissions);
        }
    }

    /** True when the public endpoint is closed or filtered, so trusted services need the bypass. */
    public boolean firewalled() {
        return "Deny".equalsIgnoreCase(networkDefaultAction) || "Disabled".equalsIgnoreCase(publicNetworkAccess);
    }
}
