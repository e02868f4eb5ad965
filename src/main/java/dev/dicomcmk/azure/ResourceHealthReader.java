package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.HealthFacts;
import dev.dicomcmk.model.ServiceId;

/**
 * Reads Azure Resource Health's current availability of a resource (WIRE.md §7). The DICOM docs
 * point admins here first: "The Azure Resource health view for the DICOM service helps you
 * diagnose key access issues."
 */
public final class ResourceHealthReader {

    private final ArmClient arm;

    public ResourceHealthReader(ArmClient arm) {
        this.arm = arm;
    }

    public HealthFacts read(ServiceId service) {
        JsonNode body = arm.getResource(service.armId() + "/providers/Microsoft.ResourceHealth/availabilityStatuses/current",
                ApiVersions.RESOURCE_HEALTH, ResourceTypes.AVAILABILITY_STATUS, "read Resource Health of " + service.shortName());
        return parse(body);
    }

    static HealthFacts parse(JsonNode body) {
        JsonNode p = body.path("properties");
        // "occuredTime" is Azure's spelling; accept the correct one too in case a later api-version fixes it
        var occurred = Json.instant(p, "occuredTime");
        return new HealthFacts(Json.text(p, "availabilityState"),
                occurred != null ? occurred : Json.instant(p, "occurredTime"),
                blankToNull(Json.text(p, "summary")), blankToNull(Json.text(p, "reasonType")));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
