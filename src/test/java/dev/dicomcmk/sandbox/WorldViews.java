package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.arm.ArmJson;

/**
 * What tests look at in a sandbox's world, in the shapes ARM answers, read without a request (so no fault
 * rule or request log sees it). Kept in the tests: the sandbox's own code has no use for it.
 */
public final class WorldViews {

    private WorldViews() {
    }

    /** The DICOM service as ARM's GET answers it (for tests that compare before and after). */
    public static JsonNode dicomService(Sandbox sandbox, String workspace, String service) {
        return sandbox.world().read(state -> state.dicomServices.stream()
                .filter(s -> s.workspace.equalsIgnoreCase(workspace) && s.name.equalsIgnoreCase(service))
                .findFirst().map(s -> (JsonNode) ArmJson.dicomServiceView(state, s))
                .orElseThrow(() -> new IllegalArgumentException("no DICOM service " + workspace + "/" + service)));
    }
}
