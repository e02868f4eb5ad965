package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.model.ServiceId;


/**
 * Changes a DICOM service's identity with PATCH, the one writable part besides tags (WIRE.md §1):
 * the body carries the whole resulting identity, so identities already there are kept.
 */
public final class DicomServiceWriter {

    private final ArmClient arm;

    public DicomServiceWriter(ArmClient arm) {
        this.arm = arm;
    }

    /**
     * @param type         None, SystemAssigned, UserAssigned or SystemAssigned,UserAssigned
     * @param userAssigned every user-assigned identity the service should have (ARM ids)
     * @return the service as ARM answers once the change is done
     */
    public JsonNode patchIdentity(ServiceId id, String type, java.util.Collection<String> userAssigned,
                                  LroProgress progress) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode identity = body.putObject("identity").put("type", type);
        if (!userAssigned.isEmpty()) {
            ObjectNode map = identity.putObject("userAssignedIdentities");
            userAssigned.forEach(u -> map.putObject(u));
        }
        JsonNode answer = arm.patchAndWait(id.armId(), ApiVersions.DICOM, body.toString(),
                "turn on the identity of " + id.shortName(), progress);
        // the identities granted next are taken from this answer: when it is not the service, read the service
        return Expected.resource("DICOM service " + id.shortName(), id.armId(), ResourceTypes.DICOM_SERVICE)
                .mismatch(answer) == null ? answer : read(id);
    }

    /** The service as ARM has it now, the whole resource (for templates and PUTs). */
    public JsonNode read(ServiceId id) {
        return arm.getResource(id.armId(), ApiVersions.DICOM, ResourceTypes.DICOM_SERVICE,
                "read DICOM service " + id.shortName());
    }
}
