package dev.dicomcmk.model;

import java.util.List;

/**
 * What the service's identities may do with the key: Azure RBAC role assignments at the key's
 * scope or above, and Managed HSM local role assignments covering the key. Access policies are
 * part of {@link VaultFacts}.
 */
public record AccessFacts(List<RoleGrant> roleGrants) {

    public AccessFacts {
        roleGrants = roleGrants == null ? List.of() : List.copyOf(roleGrants);
    }

    /**
     * One role assignment that covers the key for one of the identities.
     *
     * @param local true for a Managed HSM local (data-plane) role assignment
     */
    public record RoleGrant(String assignmentId, String principalId, String scope, RoleDefinition role, boolean local) {
    }
}
