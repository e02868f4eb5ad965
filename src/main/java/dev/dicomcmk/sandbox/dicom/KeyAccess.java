package dev.dicomcmk.sandbox.dicom;

import dev.dicomcmk.sandbox.rbac.KeyAction;
import dev.dicomcmk.sandbox.rbac.KeyAuthorizer;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.KeyVersion;
import dev.dicomcmk.sandbox.world.UserAssignedIdentity;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;

import java.net.URI;
import java.util.List;
import java.util.function.Function;
import java.util.Locale;
import java.util.Optional;

/**
 * Can a DICOM service's managed identity get, wrap and unwrap its key right now? This is the
 * sandbox's model of the DICOM RP's key check: every way the docs list for losing key access
 * (identity missing, role or policy removed, key disabled, expired or deleted, firewall without the
 * trusted-services bypass, vault in another tenant) is a {@link Problem}.
 */
public final class KeyAccess {

    /** Why the service cannot use its key, and since when (Unix seconds) if that is known from the data. */
    public record Problem(String code, String message, Long since) {
    }

    private KeyAccess() {
    }

    public static Optional<Problem> evaluate(WorldState w, DicomService s, long now, String dnsZone) {
        return evaluate(w, s, now, dnsZone, principal -> w.roleAssignments);
    }

    /**
     * As above; assignmentsOf gives the role assignments to consider for a principal (a refresh of a
     * whole fleet passes an index so it does not scan every assignment for every service).
     */
    public static Optional<Problem> evaluate(WorldState w, DicomService s, long now, String dnsZone,
                                             Function<String, List<RoleAssignment>> assignmentsOf) {
        if (s.keyEncryptionKeyUrl == null || s.keyEncryptionKeyUrl.isBlank()) {
            return Optional.empty();
        }
        String principal;
        String identityTenant;
        if (s.hasUserIdentities() && !s.userAssignedIdentities.isEmpty()) {
            Optional<UserAssignedIdentity> u = w.userAssignedIdentityById(s.userAssignedIdentities.get(0));
            if (u.isEmpty()) {
                return problem("IdentityNotFound", "The user-assigned identity " + s.userAssignedIdentities.get(0)
                        + " of the service no longer exists.");
            }
            String attached = s.attachedPrincipals.get(s.userAssignedIdentities.get(0).toLowerCase(java.util.Locale.ROOT));
            if (attached != null && !attached.equalsIgnoreCase(u.get().principalId)) {
                return problem("IdentityStale", "The user-assigned identity " + s.userAssignedIdentities.get(0)
                        + " was re-created (principal " + u.get().principalId + "); the service still holds principal "
                        + attached + " and must be updated by an ARM deployment.");
            }
            principal = u.get().principalId;
            identityTenant = u.get().tenantId;
        } else if (s.hasSystemIdentity() && s.principalId != null) {
            principal = s.principalId;
            identityTenant = s.identityTenantId;
        } else {
            return problem("IdentityMissing", "The service has no managed identity to access its key with.");
        }
        KeyRef ref = KeyRef.parse(s.keyEncryptionKeyUrl, dnsZone).orElse(null);
        if (ref == null) {
            return problem("KeyUrlInvalid", "The key URL " + s.keyEncryptionKeyUrl + " is not a key of this cloud.");
        }
        Optional<Vault> store = ref.managedHsm() ? w.managedHsm(ref.storeName()) : w.vault(ref.storeName());
        if (store.isEmpty()) {
            return problem("KeyVaultNotFound", "The key vault or managed HSM '" + ref.storeName() + "' does not exist.");
        }
        Vault v = store.get();
        if (identityTenant != null && !identityTenant.equalsIgnoreCase(v.tenantId)) {
            return problem("KeyVaultInOtherTenant", "The key vault '" + v.name + "' is in tenant " + v.tenantId
                    + " but the service identity is in tenant " + identityTenant + ".");
        }
        if (!identityTenant(identityTenant, w)) {
            return problem("IdentityInOtherTenant", "The service identity belongs to tenant " + identityTenant
                    + ", not the subscription's tenant " + w.tenantId + ".");
        }
        boolean firewalled = "Deny".equalsIgnoreCase(v.networkAcls.defaultAction)
                || "Disabled".equalsIgnoreCase(v.publicNetworkAccess);
        if (firewalled && !"AzureServices".equalsIgnoreCase(v.networkAcls.bypass)) {
            return problem("ForbiddenByFirewall", "The firewall of '" + v.name
                    + "' does not let trusted Microsoft services bypass it.");
        }
        Optional<Key> key = v.key(ref.keyName());
        if (key.isEmpty()) {
            return problem("KeyNotFound", "The key '" + ref.keyName() + "' does not exist in '" + v.name
                    + "' (deleted or never created).");
        }
        KeyVersion kv;
        if (ref.version() == null) {
            kv = key.get().latest();
        } else {
            Optional<KeyVersion> found = key.get().version(ref.version());
            if (found.isEmpty()) {
                return problem("KeyVersionNotFound", "Version " + ref.version() + " of key '" + ref.keyName()
                        + "' does not exist.");
            }
            kv = found.get();
        }
        if (!kv.enabled) {
            return Optional.of(new Problem("KeyDisabled", "The key version " + kv.version + " is disabled.", kv.updated));
        }
        if (kv.exp != null && kv.exp <= now) {
            return Optional.of(new Problem("KeyExpired", "The key version " + kv.version + " expired.", kv.exp));
        }
        if (kv.nbf != null && kv.nbf > now) {
            return problem("KeyNotYetValid", "The key version " + kv.version + " is not valid yet.");
        }
        for (KeyAction a : new KeyAction[] {KeyAction.READ, KeyAction.WRAP, KeyAction.UNWRAP}) {
            List<RoleAssignment> candidates = assignmentsOf.apply(principal);
            if (!KeyAuthorizer.allowed(w, v, ref.keyName(), principal, identityTenant, a, candidates)) {
                return problem("KeyAccessDenied", "The service identity " + principal + " is not allowed to "
                        + a.name().toLowerCase(Locale.ROOT) + " key '" + ref.keyName() + "' in '" + v.name + "'.");
            }
        }
        return Optional.empty();
    }

    private static boolean identityTenant(String tenant, WorldState w) {
        return tenant == null || tenant.equalsIgnoreCase(w.tenantId);
    }

    private static Optional<Problem> problem(String code, String message) {
        return Optional.of(new Problem(code, message, null));
    }

    /** A parsed key URL: store name, whether it is a managed HSM, key name, version (null = versionless). */
    public record KeyRef(String storeName, boolean managedHsm, String keyName, String version) {

        public static Optional<KeyRef> parse(String url, String dnsZone) {
            try {
                URI u = URI.create(url.trim());
                String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
                boolean hsm;
                String suffix;
                if (host.endsWith(".vault." + dnsZone)) {
                    hsm = false;
                    suffix = ".vault." + dnsZone;
                } else if (host.endsWith(".managedhsm." + dnsZone)) {
                    hsm = true;
                    suffix = ".managedhsm." + dnsZone;
                } else {
                    return Optional.empty();
                }
                String store = host.substring(0, host.length() - suffix.length());
                String[] seg = u.getPath().replaceAll("^/+|/+$", "").split("/");
                if (seg.length < 2 || seg.length > 3 || !seg[0].equalsIgnoreCase("keys")) {
                    return Optional.empty();
                }
                return Optional.of(new KeyRef(store, hsm, seg[1], seg.length == 3 ? seg[2] : null));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
