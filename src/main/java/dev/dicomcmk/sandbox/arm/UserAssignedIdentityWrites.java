package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.world.UserAssignedIdentity;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PUT and DELETE of user-assigned identities (2023-01-31). A PUT of a new name makes a new
 * principal and client id (201); of an existing one it only updates tags (200). Deleting and
 * re-creating under the same name yields a NEW principal, which is why role assignments and DICOM
 * services pointing at the old one stop working.
 */
final class UserAssignedIdentityWrites {

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$");

    record PutResult(UserAssignedIdentity identity, boolean created) {
    }

    private UserAssignedIdentityWrites() {
    }

    static PutResult put(WorldState w, long now, String rg, String name, JsonNode body) {
        String location = TrackedResourceBody.requireLocation(body);
        var tags = DicomServiceWrites.tags(body.path("tags"));
        Optional<UserAssignedIdentity> existing = w.userAssignedIdentity(rg, name);
        if (existing.isPresent()) {
            UserAssignedIdentity u = existing.get();
            TrackedResourceBody.requireSameLocation(u.location, location, name, rg);
            u.tags = tags;
            return new PutResult(u, false);
        }
        if (!NAME.matcher(name).matches()) {
            throw ArmException.badRequest("InvalidResourceName", "The resource name '" + name + "' is invalid: 3 to 128"
                    + " characters, letters, digits, '-' and '_', starting with a letter or digit.");
        }
        UserAssignedIdentity u = new UserAssignedIdentity();
        u.name = name;
        u.resourceGroup = w.resourceGroup(rg).map(g -> g.name).orElse(rg);
        u.location = DicomServiceWrites.normalizeLocation(location);
        u.principalId = w.ids.guid();
        u.clientId = w.ids.guid();
        u.tenantId = w.tenantId;
        u.tags = tags;
        u.createdAt = now;
        w.userAssignedIdentities.add(u);
        w.directory.created(u.principalId, now);
        return new PutResult(u, true);
    }

    /** Removes the identity; its principal is gone from the directory (role assignments to it are orphaned, as in Azure). */
    static Optional<UserAssignedIdentity> delete(WorldState w, String rg, String name) {
        Optional<UserAssignedIdentity> u = w.userAssignedIdentity(rg, name);
        u.ifPresent(x -> {
            w.userAssignedIdentities.remove(x);
            w.directory.deleted(x.principalId);
        });
        return u;
    }
}
