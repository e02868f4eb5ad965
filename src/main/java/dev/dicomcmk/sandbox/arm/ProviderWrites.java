package dev.dicomcmk.sandbox.arm;

import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.world.ResourceGroup;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.List;
import java.util.Locale;

/**
 * The ARM writes on provider resources the tool needs: DICOM service PUT/PATCH, workspace PUT,
 * user-assigned identity PUT/DELETE and vault access-policy updates. Each checks the api-version of
 * its provider, then hands the body to the writer a deployment uses too.
 */
final class ProviderWrites {

    private final SandboxContext ctx;

    ProviderWrites(SandboxContext ctx) {
        this.ctx = ctx;
    }

    Response handle(WorldState w, Request r, ResourceGroup g, String namespace, List<String> rest) {
        List<String> versions = ApiVersions.forNamespace(namespace);
        String path = (namespace + "/" + String.join("/", rest)).toLowerCase(Locale.ROOT);
        String m = r.method();
        if (versions == null) {
            return ArmEndpoint.notSimulated(r);
        }
        Response bad = ApiVersions.check(r, versions, rest.get(0), w.location);
        if (bad != null) {
            return bad;
        }
        long now = ctx.now();
        try {
            if (path.matches("microsoft\\.healthcareapis/workspaces/[^/]+/dicomservices/[^/]+")) {
                if (m.equals("PUT")) {
                    return putDicom(w, r, g, rest, now);
                }
                if (m.equals("PATCH")) {
                    var s = DicomServiceWrites.patch(w, now, g.name, rest.get(1), rest.get(3), Json.parseOrNull(r.body()),
                            Preconditions.of(r));
                    return Response.json(200, ArmJson.dicomService(w, s)).header("ETag", s.etag);
                }
            } else if (path.matches("microsoft\\.healthcareapis/workspaces/[^/]+") && m.equals("PUT")) {
                var res = WorkspaceWrites.put(w, now, g.name, rest.get(1), Json.parseOrNull(r.body()));
                return Response.json(res.created() ? 201 : 200, ArmJson.workspace(w, res.workspace()));
            } else if (path.matches("microsoft\\.managedidentity/userassignedidentities/[^/]+")) {
                if (m.equals("PUT")) {
                    var res = UserAssignedIdentityWrites.put(w, now, g.name, rest.get(1), Json.parseOrNull(r.body()));
                    return Response.json(res.created() ? 201 : 200, ArmJson.userAssignedIdentity(w, res.identity()));
                }
                if (m.equals("DELETE")) {
                    return UserAssignedIdentityWrites.delete(w, g.name, rest.get(1))
                            .map(u -> Response.empty(200)).orElseGet(() -> Response.empty(204));
                }
            } else if (path.matches("microsoft\\.keyvault/vaults/[^/]+/accesspolicies/[^/]+") && m.equals("PUT")) {
                var vault = w.vault(rest.get(1)).filter(v -> v.resourceGroup.equalsIgnoreCase(g.name));
                if (vault.isEmpty()) {
                    return ArmErrors.resourceNotFound("Microsoft.KeyVault/vaults/" + rest.get(1), g.name);
                }
                return Response.json(200, AccessPolicyWrites.update(w, vault.get(), rest.get(3), Json.parseOrNull(r.body())));
            }
        } catch (ArmException e) {
            return e.toResponse();
        }
        return ArmEndpoint.notSimulated(r);
    }

    /** 201 + Azure-AsyncOperation, as the recorded DICOM PUT answers (no Retry-After). */
    private Response putDicom(WorldState w, Request r, ResourceGroup g, List<String> rest, long now) {
        var res = DicomServiceWrites.put(w, now, g.name, rest.get(1), rest.get(3), Json.parseOrNull(r.body()),
                Preconditions.of(r));
        String poll = "https://" + SandboxContext.MANAGEMENT_HOST + "/subscriptions/" + w.subscriptionId
                + "/providers/Microsoft.HealthcareApis/locations/" + res.operation().location + "/operationresults/"
                + res.operation().id + "?api-version=" + r.query("api-version");
        return Response.json(201, ArmJson.dicomService(w, res.service())).header("Azure-AsyncOperation", poll)
                .header("ETag", res.service().etag);
    }
}
