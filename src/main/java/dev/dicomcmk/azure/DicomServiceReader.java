package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a DICOM service from ARM into {@link ServiceFacts}. */
public final class DicomServiceReader {

    private final ArmClient arm;

    public DicomServiceReader(ArmClient arm) {
        this.arm = arm;
    }

    public ServiceFacts read(ServiceId id) {
        JsonNode body = arm.getResource(id.armId(), ApiVersions.DICOM, ResourceTypes.DICOM_SERVICE,
                "read DICOM service " + id.shortName());
        return parse(id, body);
    }

    public static ServiceFacts parse(ServiceId id, JsonNode body) {
        JsonNode identity = body.path("identity");
        Map<String, ServiceFacts.UserAssignedRef> uamis = new LinkedHashMap<>();
        JsonNode ua = identity.path("userAssignedIdentities");
        for (Iterator<Map.Entry<String, JsonNode>> it = ua.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            uamis.put(e.getKey(), new ServiceFacts.UserAssignedRef(Json.text(e.getValue(), "principalId"),
                    Json.text(e.getValue(), "clientId")));
        }
        return new ServiceFacts(id,
                Json.text(body, "location"),
                Json.text(body, "properties", "provisioningState"),
                Json.text(body, "etag"),
                Json.text(body, "properties", "serviceUrl"),
                Json.text(identity, "type"),
                Json.text(identity, "principalId"),
                Json.text(identity, "tenantId"),
                uamis,
                Json.text(body, "properties", "encryption", "customerManagedKeyEncryption", "keyEncryptionKeyUrl"));
    }
}
