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
        String location = TrackedResourceBody.requireLocation(body);
        var tags = DicomServiceWrites.tags(body.path("tags"));
        Optional<Workspace> existing = w.workspace(rg, name);
        if (existing.isPresent()) {
            TrackedResourceBody.requireSameLocation(existing.get().location, location, name, rg);
            existing.get().tags = tags;
            return new PutResult(existing.get(), false);
        }
        if (name.length() < 3 || name.length() > 24) {
            throw ArmException.badRequest("InvalidResourceName", "The workspace name '" + name + "' must be 3 to 24 characters long.");
        }
        Workspace ws = new Workspace(name, w.resourceGroup(rg).map(g -> g.name).orElse(rg),
                DicomServiceWrites.normalizeLocation(location), now);
        ws.tags = tags;
        w.workspaces.add(ws);
        return new PutResult(ws, true);
    }
}
