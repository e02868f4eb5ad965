package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The managed identity a DICOM service write asks for (ServiceManagedIdentity), validated against
 * the world before anything changes, then applied: turning system-assigned on makes a new principal
 * in the home tenant, turning it off deletes it (so turning it on again yields another principal,
 * as Azure does); user-assigned identities are keyed by ARM id, compared case-insensitively, and
 * keep the casing they were first attached with.
 */
final class ServiceIdentityChange {

    /** The spec's enum; input is matched case-insensitively (the docs' template sends "userAssigned"). */
    static final List<String> TYPES = List.of("None", "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned");

    private final String type;
    private final List<String> userAssigned;

    private ServiceIdentityChange(String type, List<String> userAssigned) {
        this.type = type;
        this.userAssigned = userAssigned;
    }

    String type() {
        return type;
    }

    /** PUT: the identity block replaces the service's identity; no block means type None. */
    static ServiceIdentityChange forPut(WorldState w, DicomService current, JsonNode identity) {
        if (identity == null || identity.isNull() || identity.isMissingNode()) {
            return new ServiceIdentityChange("None", List.of());
        }
        String type = canonicalType(identity);
        List<String> ids = new ArrayList<>();
        JsonNode map = identity.path("userAssignedIdentities");
        if (map.isObject()) {
            for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
                String id = it.next();
                if (!map.get(id).isNull()) {
                    addIfAbsent(ids, storedCasing(current, id));
                }
            }
        }
        return validated(w, type, ids);
    }

    /**
     * PATCH: the type replaces the old one; listed user-assigned identities are added, ones set to
     * null are removed, the others stay (ARM's merge rules for identity in PATCH).
     */
    static ServiceIdentityChange forPatch(WorldState w, DicomService current, JsonNode identity) {
        String type = canonicalType(identity);
        List<String> ids = new ArrayList<>();
        if (type.contains("UserAssigned")) {
            current.userAssignedIdentities.forEach(id -> addIfAbsent(ids, id));
        }
        JsonNode map = identity.path("userAssignedIdentities");
        if (map.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    ids.removeIf(x -> x.equalsIgnoreCase(e.getKey()));
                } else {
                    addIfAbsent(ids, storedCasing(current, e.getKey()));
                }
            }
        }
        return validated(w, type, ids);
    }

    private static ServiceIdentityChange validated(WorldState w, String type, List<String> ids) {
        boolean user = type.contains("UserAssigned");
        if (user && ids.isEmpty()) {
            throw ArmException.badRequest("InvalidIdentity", "The identity type '" + type
                    + "' needs at least one entry in identity.userAssignedIdentities.");
        }
        if (!user && !ids.isEmpty()) {
            throw ArmException.badRequest("InvalidIdentity", "identity.userAssignedIdentities may be given only with identity"
                    + " type 'UserAssigned' or 'SystemAssigned,UserAssigned', not '" + type + "'.");
        }
        for (String id : ids) {
            if (w.userAssignedIdentityById(id).isEmpty()) {
                // the error ARM relays from the managed identity RP when a UAMI does not exist
                throw ArmException.badRequest("FailedIdentityOperation", "Identity operation for resource '" + id
                        + "' failed with error 'Failed to perform resource identity operation. Status: 'NotFound'. Response:"
                        + " '{\"error\":{\"code\":\"NotFound\",\"message\":\"Resource '" + id + "' was not found.\"}}'.'.");
            }
        }
        return new ServiceIdentityChange(type, ids);
    }

    private static String canonicalType(JsonNode identity) {
        JsonNode t = identity.path("type");
        if (!t.isTextual()) {
            throw ArmException.invalidContent("The request content was invalid: identity.type is required and must be one of "
                    + String.join(", ", TYPES) + ".");
        }
        String compact = t.asText().replaceAll("\\s*,\\s*", ",").trim();
        for (String known : TYPES) {
            if (known.equalsIgnoreCase(compact)) {
                return known;
            }
        }
        throw ArmException.badRequest("InvalidIdentityType", "The identity type '" + t.asText()
                + "' is not supported. Supported types: " + String.join(", ", TYPES) + ".");
    }

    private static String storedCasing(DicomService current, String id) {
        if (current != null) {
            for (String existing : current.userAssignedIdentities) {
                if (existing.equalsIgnoreCase(id)) {
                    return existing;
                }
            }
        }
        return id;
    }

    private static void addIfAbsent(List<String> ids, String id) {
        if (ids.stream().noneMatch(x -> x.equalsIgnoreCase(id))) {
            ids.add(id);
        }
    }

    /** Applies the validated change; principals appear in (and leave) the sandbox's directory. */
    void applyTo(WorldState w, DicomService s, long now) {
        boolean system = type.contains("SystemAssigned");
        boolean staleTenant = s.principalId != null && s.identityTenantId != null
                && !s.identityTenantId.equalsIgnoreCase(w.tenantId);
        if (s.principalId != null && (!system || staleTenant)) {
            w.directory.deleted(s.principalId);
            s.principalId = null;
            s.identityTenantId = null;
        }
        if (system && s.principalId == null) {
            // a service moved to another tenant gets its identity re-established in the home tenant on redeploy
            s.principalId = w.ids.guid();
            s.identityTenantId = w.tenantId;
            w.directory.created(s.principalId, now);
        }
        s.identityType = type;
        s.userAssignedIdentities = new ArrayList<>(userAssigned);
    }
}
