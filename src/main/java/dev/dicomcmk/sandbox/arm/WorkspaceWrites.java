package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.world.Workspace;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.Optional;

/**
 * PUT of a HealthcareApis workspace: creates it, or updates its tags. The docs' user-assigned
 * template deploys the workspace next to the DICOM service, so deployments need it.
 */
final class WorkspaceWrites {

    record PutResult(Workspace workspace, boolean created) {
    }

    private WorkspaceWrites() {
    }

    static PutResult put(WorldState w, long now, String rg, String name, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ArmException.invalidContent("The request content was invalid and could not be deserialized.");
        }
        JsonNode location = body.path("location");
        if (!location.isTextual() || location.asText().isBlank()) {
            throw ArmException.badRequest("LocationRequired", "The location property is required for this definition.");
        }
        var tags = DicomServiceWrites.tags(body.path("tags"));
        Optional<Workspace> existing = w.workspace(rg, name);
        if (existing.isPresent()) {
            if (!DicomServiceWrites.normalizeLocation(existing.get().location)
                    .equals(DicomServiceWrites.normalizeLocation(location.asText()))) {
                throw ArmException.badRequest("InvalidResourceLocation", "The resource '" + name + "' already exists in location '"
                        + existing.get().location + "' in resource group '" + rg + "'. A resource with the same name cannot be"
                        + " created in location '" + location.asText() + "'. Please select a new resource name.");
            }
            existing.get().tags = tags;
            return new PutResult(existing.get(), false);
        }
        if (name.length() < 3 || name.length() > 24) {
            throw ArmException.badRequest("InvalidResourceName", "The workspace name '" + name + "' must be 3 to 24 characters long.");
        }
        Workspace ws = new Workspace(name, w.resourceGroup(rg).map(g -> g.name).orElse(rg),
                DicomServiceWrites.normalizeLocation(location.asText()), now);
        ws.tags = tags;
        w.workspaces.add(ws);
        return new PutResult(ws, true);
    }
}
