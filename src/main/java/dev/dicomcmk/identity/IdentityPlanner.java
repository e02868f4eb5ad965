package dev.dicomcmk.identity;

import dev.dicomcmk.model.AccessGrant;
import dev.dicomcmk.model.BuiltInRoles;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides how to turn on an identity (keeping the ones already there) and which least-privilege
 * access it needs on the key. Pure: the command reads the facts and applies the plan.
 */
public final class IdentityPlanner {

    private IdentityPlanner() {
    }

    /**
     * @param request the identity to turn on, or null to only grant access to the identities already there
     * @param key     the key to grant access to (null when no grant is asked for)
     * @param vault   the key's vault (null when no grant is asked for)
     */
    public static IdentityPlan plan(ServiceFacts service, IdentityRequest request, KeyUrl key, VaultFacts vault,
                                    GrantScope scope) {
        boolean system = service.hasSystemIdentity();
        List<String> uamis = new ArrayList<>(service.userAssigned().keySet());
        boolean changes = false;
        List<String> grantTo = new ArrayList<>();
        if (request != null && request.isSystemAssigned()) {
            changes = !system;
            system = true;
            grantTo.add(IdentityPlan.SYSTEM);
        } else if (request != null) {
            String wanted = request.userAssignedId();
            String present = uamis.stream().filter(u -> u.equalsIgnoreCase(wanted)).findFirst().orElse(null);
            if (present == null) {
                uamis.add(wanted);
                changes = true;
            }
            grantTo.add(present != null ? present : wanted);
        } else {
            if (system) {
                grantTo.add(IdentityPlan.SYSTEM);
            }
            grantTo.addAll(uamis);
            if (grantTo.isEmpty()) {
                throw new InvalidInputException("the service has no managed identity to grant access to; "
                        + "add --system-assigned or --user-assigned <id>");
            }
        }
        AccessGrant grant = key == null ? null : grantFor(key, vault, scope);
        return new IdentityPlan(type(system, !uamis.isEmpty()), uamis, changes, grant == null ? List.of() : grantTo,
                grant);
    }

    /** The least privilege that lets a DICOM service use the key, for this kind of vault. */
    public static AccessGrant grantFor(KeyUrl key, VaultFacts vault, GrantScope scope) {
        if (key.kind() == VaultKind.MANAGED_HSM) {
            String hsmScope = scope == GrantScope.KEY ? "/keys/" + key.keyName() : "/keys";
            return new AccessGrant(AccessGrant.Method.MANAGED_HSM_LOCAL_RBAC, hsmScope,
                    BuiltInRoles.HSM_CRYPTO_SERVICE_ENCRYPTION_USER.guid(),
                    BuiltInRoles.HSM_CRYPTO_SERVICE_ENCRYPTION_USER.name(), List.of());
        }
        if (!vault.rbacAuthorization()) {
            // an access-policy vault has no key scope: a policy always covers every key in the vault
            return new AccessGrant(AccessGrant.Method.ACCESS_POLICY, vault.resourceId(), null, null,
                    BuiltInRoles.ACCESS_POLICY_NEEDED);
        }
        String armScope = scope == GrantScope.KEY ? vault.resourceId() + "/keys/" + key.keyName() : vault.resourceId();
        return new AccessGrant(AccessGrant.Method.AZURE_RBAC, armScope,
                BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER.guid(), BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER.name(),
                List.of());
    }

    /** ARM's canonical identity type for the combination. */
    public static String type(boolean system, boolean userAssigned) {
        if (system && userAssigned) {
            return "SystemAssigned,UserAssigned";
        }
        return system ? "SystemAssigned" : userAssigned ? "UserAssigned" : "None";
    }

    /** A user-assigned identity's ARM id, checked before any call. */
    public static String requireUserAssignedId(String id) {
        String t = id == null ? "" : id.strip();
        if (!t.toLowerCase(Locale.ROOT).matches(
                "/subscriptions/[0-9a-f-]{36}/resourcegroups/[-\\w._()]{1,90}/providers/microsoft\\.managedidentity/userassignedidentities/[a-z0-9][a-z0-9_-]{2,127}")) {
            throw new InvalidInputException("--user-assigned '" + dev.dicomcmk.model.Text.shorten(t)
                    + "' is not a user-assigned identity id; expected /subscriptions/<id>/resourceGroups/<group>"
                    + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>");
        }
        return t;
    }
}
