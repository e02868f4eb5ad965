package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.admin.AdminEndpoint;
import dev.dicomcmk.sandbox.arm.ArmEndpoint;
import dev.dicomcmk.sandbox.dicom.DicomEndpoint;
import dev.dicomcmk.sandbox.entra.EntraEndpoint;
import dev.dicomcmk.sandbox.http.Handler;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.keyvault.KeyVaultEndpoint;

import java.util.Map;
import java.util.UUID;

/**
 * Sends each request to the service its host names, after applying fault rules and the configured
 * latency, and records it in the request log (method, host, path, query, status and whether it carried
 * an Authorization header: never headers or bodies).
 */
final class Router implements Handler {

    private final SandboxContext ctx;
    private final int latencyMs;
    private final EntraEndpoint entra;
    private final ArmEndpoint arm;
    private final KeyVaultEndpoint keyVault;
    private final DicomEndpoint dicom;
    private final AdminEndpoint admin;

    Router(SandboxContext ctx, int latencyMs) {
        this.ctx = ctx;
        this.latencyMs = latencyMs;
        this.entra = new EntraEndpoint(ctx);
        this.arm = new ArmEndpoint(ctx);
        this.keyVault = new KeyVaultEndpoint(ctx);
        this.dicom = new DicomEndpoint(ctx);
        this.admin = new AdminEndpoint(ctx);
    }

    @Override
    public Response handle(Request r) {
        String host = r.host();
        boolean isAdmin = host.equals(SandboxContext.ADMIN_HOST);
        Response resp;
        if (isAdmin) {
            resp = admin.handle(r);
        } else {
            FaultRule fault = ctx.faults().take(r.method(), host, r.path(), bearer(r) != null);
            sleep(latencyMs);
            resp = fault == null ? dispatch(r, host) : applyFault(fault, r, host);
        }
        resp.defaultHeader("x-ms-request-id", UUID.randomUUID().toString());
        if (!isAdmin) {
            ctx.requestLog().add(new RequestLog.Entry(ctx.clock().now(), r.method(), host, r.path(), r.rawQuery(),
                    resp.kind() == Response.Kind.NORMAL ? resp.status() : 0, RequestLog.isWrite(r.method(), host, r.path()),
                    r.header("Authorization") != null));
        }
        return resp;
    }

    private Response applyFault(FaultRule f, Request r, String host) {
        return switch (f.action()) {
            case LATENCY -> {
                sleep(f.latencyMs());
                yield dispatch(r, host);
            }
            case RESET -> Response.reset();
            case STALL -> Response.stall();
            case ACCEPT_RESET -> {
                dispatch(r, host); // done, as Azure would; only the answer is lost
                yield Response.reset();
            }
            case ACCEPT_STALL -> {
                dispatch(r, host);
                yield Response.stall();
            }
            case EXPIRE_TOKEN -> {
                ctx.tokens().expire(bearer(r));
                yield dispatch(r, host);
            }
            case STATUS -> {
                if (f.status() == 429) {
                    yield Throttling.answer(f, host);
                }
                String body = f.body() == null ? "" : f.body();
                String trimmed = body.trim();
                Response resp = Response.text(f.status(), trimmed.startsWith("{") || trimmed.startsWith("[")
                        ? Response.JSON_TYPE : body.isEmpty() ? null : "text/plain; charset=utf-8", body);
                for (Map.Entry<String, String> h : f.headers().entrySet()) {
                    resp.header(h.getKey(), h.getValue());
                }
                yield resp;
            }
        };
    }

    /** The request's bearer token, or null. */
    private static String bearer(Request r) {
        String auth = r.header("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7 ? auth.substring(7).trim() : null;
    }

    private Response dispatch(Request r, String host) {
        try {
            String zone = "." + SandboxContext.DNS_ZONE;
            if (host.equals(SandboxContext.LOGIN_HOST)) {
                return entra.handle(r);
            }
            if (host.equals("login.microsoftonline.com") && r.method().equals("GET")
                    && r.path().endsWith("/discovery/instance")) {
                // MSAL for Python's instance discovery, when a client maps this name to the sandbox
                return entra.handle(r);
            }
            if (host.equals(SandboxContext.MANAGEMENT_HOST)) {
                return arm.handle(r);
            }
            String label = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
            if (host.endsWith(".vault" + zone) && host.indexOf('.') == label.length()
                    && host.length() == label.length() + (".vault" + zone).length()) {
                return keyVault.handle(r, label, false);
            }
            if (host.endsWith(".managedhsm" + zone) && host.length() == label.length() + (".managedhsm" + zone).length()) {
                return keyVault.handle(r, label, true);
            }
            if (host.endsWith(".dicom" + zone) && host.length() == label.length() + (".dicom" + zone).length()) {
                return dicom.handle(r, host);
            }
            ObjectNode e = Json.obj().put("code", "HostNotFound").put("message", "No sandbox service answers at host '"
                    + host + "'. Hosts: login, management, admin, <vault>.vault, <hsm>.managedhsm, <ws>-<dicom>.dicom under "
                    + SandboxContext.DNS_ZONE + ".");
            return Response.json(404, Json.obj().set("error", e));
        } catch (RuntimeException ex) {
            // a sandbox bug must surface as a loud 500, not a hung connection
            ObjectNode e = Json.obj().put("code", "SandboxInternalError").put("message", String.valueOf(ex));
            return Response.json(500, Json.obj().set("error", e));
        }
    }

    private static void sleep(int ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
