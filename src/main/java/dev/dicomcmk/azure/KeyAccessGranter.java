package dev.dicomcmk.azure;

import dev.dicomcmk.model.AccessGrant;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.VaultFacts;

/** Applies an {@link AccessGrant} for one principal, through the writer its vault kind needs. */
public final class KeyAccessGranter {

    private final AzureSession session;

    public KeyAccessGranter(AzureSession session) {
        this.session = session;
    }

    /**
     * True when the grant is provably there already, so applying it writes nothing (and needs no
     * permission to write); false when it is not, or cannot be told before writing (Managed HSM).
     */
    public boolean alreadyGranted(AccessGrant grant, VaultFacts vault, String principalId) {
        return switch (grant.method()) {
            case AZURE_RBAC -> new RoleAssignmentWriter(session).alreadyGranted(grant.scope(), grant.roleGuid(), principalId);
            case ACCESS_POLICY -> AccessPolicyWriter.holds(vault, principalId, grant.keyPermissions());
            case MANAGED_HSM_LOCAL_RBAC -> false;
        };
    }

    public Grant grant(AccessGrant grant, KeyUrl key, VaultFacts vault, String principalId, String subscriptionId) {
        return switch (grant.method()) {
            case AZURE_RBAC -> new RoleAssignmentWriter(session).grant(grant.scope(), subscriptionId,
                    grant.roleGuid(), principalId, "ServicePrincipal");
            case ACCESS_POLICY -> new AccessPolicyWriter(session).add(vault, vault.tenantId(), principalId,
                    grant.keyPermissions());
            case MANAGED_HSM_LOCAL_RBAC -> new ManagedHsmRoleWriter(session).grant(key, grant.scope(), grant.roleGuid(),
                    principalId);
        };
    }
}
