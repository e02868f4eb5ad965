package dev.dicomcmk.identity;

import dev.dicomcmk.model.AccessGrant;
import java.util.List;

/**
 * What enable-identity will do, decided before anything is written.
 *
 * @param identityType    the service's identity type after the change (canonical casing)
 * @param userAssigned    every user-assigned identity the service will have (ARM ids)
 * @param changesIdentity false when the requested identity is already on (nothing to PATCH)
 * @param grantTo         which identities get key access: "system" or user-assigned ARM ids
 * @param grant           the access to grant each of them, or null when no grant was asked for
 */
public record IdentityPlan(String identityType, List<String> userAssigned, boolean changesIdentity,
                           List<String> grantTo, AccessGrant grant) {

    public static final String SYSTEM = "system";

    public IdentityPlan {
        userAssigned = List.copyOf(userAssigned);
        grantTo = List.copyOf(grantTo);
    }
}
