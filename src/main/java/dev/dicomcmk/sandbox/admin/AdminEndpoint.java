package dev.dicomcmk.sandbox.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * admin.sandbox.test: the rehearsal controls, behind header X-Sandbox-Admin-Key. Request log,
 * clock, fault rules and a dump of the world.
 */
public final class AdminEndpoint {

    public static final String KEY_HEADER = "X-Sandbox-Admin-Key";

    private final SandboxContext ctx;

    public AdminEndpoint(SandboxContext ctx) {
        this.ctx = ctx;
    }

    public Response handle(Request r) {
        String key = r.header(KEY_HEADER);
        if (key == null || !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                ctx.credentials().adminKey().getBytes(StandardCharsets.UTF_8))) {
            return error(401, "Unauthorized", "The admin API needs header " + KEY_HEADER + " with the sandbox's admin key.");
        }
        String path = r.path().replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        String m = r.method();
        return switch (m + " " + path) {
            case "GET /requests" -> requests();
            case "DELETE /requests" -> {
                ctx.requestLog().clear();
                yield Response.empty(204);
            }
            case "GET /clock" -> clock();
            case "POST /clock/advance" -> advance(r);
            case "GET /faults" -> faults();
            case "POST /faults" -> addFault(r);
            case "DELETE /faults" -> {
                ctx.faults().clear();
                yield Response.empty(204);
            }
            case "GET /state" -> Response.json(200, ctx.world().toJson());
            default -> error(404, "NotFound", "Admin routes: GET|DELETE /requests, GET /clock, POST /clock/advance,"
                    + " GET|POST|DELETE /faults, GET /state.");
        };
    }

    private Response requests() {
        ArrayNode a = Json.arr();
        for (RequestLog.Entry e : ctx.requestLog().entries()) {
            a.add(Json.obj().put("time", e.time().toString()).put("method", e.method()).put("host", e.host())
                    .put("path", e.path()).put("query", e.query()).put("status", e.status()));
        }
        ObjectNode body = Json.obj();
        body.set("requests", a);
        body.put("writes", ctx.requestLog().writes());
        return Response.json(200, body);
    }

    private Response clock() {
        return Response.json(200, Json.obj().put("now", ctx.clock().now().toString())
                .put("start", ctx.clock().start().toString()));
    }

    private Response advance(Request r) {
        JsonNode body = Json.parseOrNull(r.body());
        if (body == null || !body.path("seconds").canConvertToLong() || body.path("seconds").asLong() < 0) {
            return error(400, "BadRequest", "Body must be {\"seconds\": N} with N >= 0.");
        }
        ctx.clock().advance(Duration.ofSeconds(body.path("seconds").asLong()));
        return clock();
    }

    private Response faults() {
        ArrayNode a = Json.arr();
        ctx.faults().rules().forEach(f -> a.add(Json.MAPPER.valueToTree(toMap(f))));
        return Response.json(200, Json.obj().set("faults", a));
    }

    private Response addFault(Request r) {
        JsonNode b = Json.parseOrNull(r.body());
        if (b == null || !b.isObject()) {
            return error(400, "BadRequest", "Body must be a fault rule JSON object.");
        }
        try {
            FaultRule.Action action = FaultRule.Action.valueOf(b.path("action").asText("").toUpperCase(Locale.ROOT));
            Map<String, String> headers = new LinkedHashMap<>();
            b.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            JsonNode body = b.get("body");
            String bodyText = body == null || body.isNull() ? null : body.isTextual() ? body.asText() : Json.text(body);
            FaultRule rule = new FaultRule(text(b, "method"), text(b, "host"), text(b, "path"), action,
                    b.path("status").asInt(0), headers, bodyText, b.path("latencyMs").asInt(0),
                    b.hasNonNull("count") ? b.get("count").asInt() : null);
            ctx.faults().add(rule);
            return Response.json(201, Json.MAPPER.valueToTree(toMap(rule)));
        } catch (IllegalArgumentException e) {
            return error(400, "BadRequest", "Invalid fault rule: " + e.getMessage()
                    + " (action: status|latency|reset|stall|accept_reset|accept_stall|expire_token; method; host and path regexes; status, headers, body; latencyMs; count)");
        }
    }

    private static Map<String, Object> toMap(FaultRule f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", f.method());
        m.put("host", f.host());
        m.put("path", f.path());
        m.put("action", f.action().name().toLowerCase(Locale.ROOT));
        m.put("status", f.status());
        m.put("headers", f.headers());
        m.put("body", f.body());
        m.put("latencyMs", f.latencyMs());
        m.put("count", f.count());
        return m;
    }

    private static String text(JsonNode b, String field) {
        return b.hasNonNull(field) ? b.get(field).asText() : null;
    }

    private static Response error(int status, String code, String message) {
        return Response.json(status, Json.obj().set("error", Json.obj().put("code", code).put("message", message)));
    }
}
