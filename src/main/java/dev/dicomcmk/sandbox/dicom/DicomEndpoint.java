package dev.dicomcmk.sandbox.dicom;

import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.SandboxWorld;
import dev.dicomcmk.sandbox.entra.TokenIssuer;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.world.DicomService;

import java.util.Optional;

/**
 * &lt;ws&gt;-&lt;dicom&gt;.dicom.sandbox.test: the DICOM API, reduced to what key access changes. A healthy
 * service answers any GET (e.g. /v2/changefeed) with 200 []; a service that lost its key answers 500,
 * as the DICOM CMK docs describe.
 */
public final class DicomEndpoint {

    private final SandboxContext ctx;

    public DicomEndpoint(SandboxContext ctx) {
        this.ctx = ctx;
    }

    public Response handle(Request r, String host) {
        String tenant = ctx.credentials().tenantId();
        String challenge = "Bearer authorization_uri=\"https://" + SandboxContext.LOGIN_HOST + "/" + tenant
                + "\", resource_id=\"" + SandboxContext.DICOM_AUDIENCE + "\"";
        String auth = r.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Response.empty(401).header("WWW-Authenticate", challenge);
        }
        try {
            TokenIssuer.Claims c = ctx.tokens().verify(auth.substring(7), ctx.now());
            if (!TokenIssuer.sameAudience(c.aud(), SandboxContext.DICOM_AUDIENCE) || !c.tid().equalsIgnoreCase(tenant)) {
                return Response.empty(401).header("WWW-Authenticate", challenge + ", error=\"invalid_token\"");
            }
        } catch (TokenIssuer.InvalidToken e) {
            return Response.empty(401).header("WWW-Authenticate", challenge + ", error=\"invalid_token\"");
        }
        return ctx.world().handle(w -> {
            Optional<DicomService> s = w.dicomServices.stream()
                    .filter(d -> d.host(SandboxContext.DNS_ZONE).equalsIgnoreCase(host)).findFirst();
            if (s.isEmpty()) {
                return Response.json(404, Json.obj().set("error", Json.obj().put("code", "NotFound")
                        .put("message", "No DICOM service answers at " + host + ".")));
            }
            SandboxWorld.Health h = ctx.world().health(s.get());
            if (!h.available()) {
                return Response.json(500, Json.obj().set("error", Json.obj().put("code", "InternalServerError")
                        .put("message", "An internal error occurred: the service cannot access its customer-managed key.")));
            }
            if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
                return Response.json(405, Json.obj().set("error", Json.obj().put("code", "MethodNotAllowed")
                        .put("message", "The sandbox's DICOM API answers reads only.")));
            }
            return Response.json(200, Json.arr());
        }, false);
    }
}
