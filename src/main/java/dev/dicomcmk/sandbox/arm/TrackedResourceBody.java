package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What ARM checks on every PUT of a tracked resource (workspace, DICOM service, user-assigned
 * identity) before the resource provider sees it: a JSON object with a location, and no move of
 * an existing resource to another location.
 */
final class TrackedResourceBody {

    private TrackedResourceBody() {
    }

    /** The requested location as written; 400 when the body is not an object or has none. */
    static String requireLocation(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ArmException.invalidContent("The request content was invalid and could not be deserialized.");
        }
        JsonNode location = body.path("location");
        if (!location.isTextual() || location.asText().isBlank()) {
            throw ArmException.badRequest("LocationRequired", "The location property is required for this definition.");
        }
        return location.asText();
    }

    /** 400 InvalidResourceLocation when an existing resource would move to another location. */
    static void requireSameLocation(String existingLocation, String requested, String name, String rg) {
        if (!DicomServiceWrites.normalizeLocation(existingLocation).equals(DicomServiceWrites.normalizeLocation(requested))) {
            throw ArmException.badRequest("InvalidResourceLocation", "The resource '" + name + "' already exists in location '"
                    + existingLocation + "' in resource group '" + rg + "'. A resource with the same name cannot be created"
                    + " in location '" + requested + "'. Please select a new resource name.");
        }
    }
}
