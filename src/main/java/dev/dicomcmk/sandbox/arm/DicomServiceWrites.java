package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.world.AsyncOperation;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.Workspace;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * PUT and PATCH of workspaces/dicomservices with the RP's semantics. PUT replaces the resource:
 * every writable property the body omits is gone afterwards (tags, CORS, storage, encryption,
 * identity), read-only ones in the body are ignored, and the write counts as the ARM redeploy that
 * makes the service re-validate its key. PATCH takes tags and identity only. Both the direct ARM
 * call and a deployment come through here.
 */
final class DicomServiceWrites {

    /** The result of a PUT: the service as it now is, whether it was created, and its operation. */
    record PutResult(DicomService service, boolean created, AsyncOperation operation) {
    }

    private DicomServiceWrites() {
    }

    static PutResult put(WorldState w, long now, String rg, String wsName, String name, JsonNode body,
                         Preconditions preconditions) {
        Workspace ws = parent(w, rg, wsName, name);
        Optional<DicomService> existing = w.dicomService(rg, ws.name, name);
        preconditions.check(existing.map(s -> s.etag).orElse(null));
        String requested = TrackedResourceBody.requireLocation(body);
        if (existing.isPresent()) {
            TrackedResourceBody.requireSameLocation(existing.get().location, requested, name, rg);
        }
        String location = normalizeLocation(requested);
        if (existing.isEmpty() && (name.length() < 3 || name.length() > 24)) {
            throw ArmException.badRequest("InvalidResourceName", "The DICOM service name '" + name
                    + "' must be 3 to 24 characters long.");
        }
        JsonNode props = body.path("properties");
        if (!props.isMissingNode() && !props.isNull() && !props.isObject()) {
            throw ArmException.invalidContent("The request content was invalid: 'properties' must be an object.");
        }
        String publicNetworkAccess = enumValue(props.path("publicNetworkAccess"), "properties.publicNetworkAccess",
                "Enabled", "Enabled", "Disabled");
        Map<String, String> tags = tags(body.path("tags"));
        ServiceIdentityChange identity = ServiceIdentityChange.forPut(w, existing.orElse(null), body.get("identity"));
        JsonNode cors = objectOrNull(props.path("corsConfiguration"));
        JsonNode storage = objectOrNull(props.path("storageConfiguration"));

        // everything is validated: from here on the world changes
        DicomService s = existing.orElseGet(() -> created(w, rg, ws.name, name, location, now));
        AsyncOperations.settleFor(w, s.id(w.subscriptionOf(s.resourceGroup)), now);
        s.tags = tags;
        identity.applyTo(w, s, now);
        s.corsConfiguration = cors;
        s.storageConfiguration = storage;
        s.publicNetworkAccess = publicNetworkAccess;
        s.enableDataPartitions = props.path("enableDataPartitions").asBoolean(false);
        String url = props.path("encryption").path("customerManagedKeyEncryption").path("keyEncryptionKeyUrl").asText(null);
        s.keyEncryptionKeyUrl = url == null || url.isBlank() ? null : url;
        s.provisioningState = existing.isPresent() ? "Updating" : "Creating";
        s.etag = newEtag(w);
        s.lastModifiedAt = now;
        s.revalidateKeyAccess();
        AsyncOperation op = AsyncOperations.start(w, AsyncOperation.DICOM_PUT, AsyncOperations.healthcareOperationId(w),
                s.id(w.subscriptionOf(s.resourceGroup)), normalizeLocation(s.location), now);
        return new PutResult(s, existing.isEmpty(), op);
    }

    static DicomService patch(WorldState w, long now, String rg, String wsName, String name, JsonNode body,
                              Preconditions preconditions) {
        Workspace ws = parent(w, rg, wsName, name);
        DicomService s = w.dicomService(rg, ws.name, name).orElseThrow(() -> new ArmException(404, "ResourceNotFound",
                "The Resource 'Microsoft.HealthcareApis/workspaces/" + ws.name + "/dicomservices/" + name
                        + "' under resource group '" + rg + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"));
        preconditions.check(s.etag);
        if (body == null || !body.isObject()) {
            throw ArmException.invalidContent("The request content was invalid and could not be deserialized.");
        }
        // DicomServicePatchResource is ResourceTags + ServiceManagedIdentity: nothing else can change by PATCH
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("tags") && !field.equals("identity")) {
                throw ArmException.invalidContent("The request content was invalid: a DICOM service PATCH may contain only"
                        + " 'tags' and 'identity', not '" + field + "'. Change other properties with a PUT of the whole resource"
                        + " (or an ARM deployment).");
            }
        }
        Map<String, String> tags = body.has("tags") ? tags(body.get("tags")) : null;
        ServiceIdentityChange identity = body.hasNonNull("identity")
                ? ServiceIdentityChange.forPatch(w, s, body.get("identity")) : null;
        AsyncOperations.settleFor(w, s.id(w.subscriptionOf(s.resourceGroup)), now);
        if (tags != null) {
            s.tags = tags;
        }
        if (identity != null) {
            identity.applyTo(w, s, now);
        }
        s.etag = newEtag(w);
        s.lastModifiedAt = now;
        return s;
    }

    static String newEtag(WorldState w) {
        return "\"" + w.ids.guid() + "\"";
    }

    /** ARM location names: "West US 2" and "westus2" are the same region. */
    static String normalizeLocation(String location) {
        return location.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static Workspace parent(WorldState w, String rg, String wsName, String name) {
        return w.workspace(rg, wsName).orElseThrow(() -> new ArmException(404, "ParentResourceNotFound",
                "Can not perform requested operation on nested resource. Parent resource '" + wsName + "' not found."));
    }

    private static DicomService created(WorldState w, String rg, String ws, String name, String location, long now) {
        DicomService s = new DicomService();
        s.name = name;
        s.workspace = ws;
        s.resourceGroup = rg;
        s.location = location;
        s.createdAt = now;
        w.dicomServices.add(s);
        return s;
    }

    static Map<String, String> tags(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw ArmException.invalidContent("The request content was invalid: 'tags' must be an object of strings.");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw ArmException.badRequest("InvalidTag", "The value of tag '" + e.getKey() + "' must be a string.");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private static JsonNode objectOrNull(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ArmException.invalidContent("The request content was invalid: a configuration block must be an object.");
        }
        return node.deepCopy();
    }

    private static String enumValue(JsonNode node, String field, String dflt, String... allowed) {
        if (node.isMissingNode() || node.isNull()) {
            return dflt;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(node.asText())) {
                return a;
            }
        }
        throw ArmException.badRequest("InvalidRequestContent", "The value '" + node.asText() + "' of " + field
                + " is not valid; use one of " + String.join(", ", allowed) + ".");
    }
}
