package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.http.Response;

import java.util.Map;

/**
 * A 429 from a fault rule, completed the way Azure sends one: a Retry-After in seconds (the SDK
 * retry policies wait for it) and, when the rule gives no body, the service's error envelope: ARM's
 * TooManyRequests, Key Vault's Throttled.
 */
final class Throttling {

    static final String DEFAULT_RETRY_AFTER_SECONDS = "1";

    private Throttling() {
    }

    static Response answer(FaultRule f, String host) {
        Response resp;
        if (f.body() == null || f.body().isEmpty()) {
            boolean keyVault = host.endsWith(".vault." + SandboxContext.DNS_ZONE)
                    || host.endsWith(".managedhsm." + SandboxContext.DNS_ZONE);
            ObjectNode e = keyVault
                    ? Json.obj().put("code", "Throttled").put("message", "Request was not processed because too many requests"
                            + " were received. Reason: VaultRequestTypeLimitReached")
                    : Json.obj().put("code", "TooManyRequests").put("message", "The request is being throttled as the limit has"
                            + " been reached for operation type. For more information, see https://aka.ms/armthrottling");
            resp = Response.json(429, Json.obj().set("error", e));
        } else {
            String trimmed = f.body().trim();
            resp = Response.text(429, trimmed.startsWith("{") ? Response.JSON_TYPE : "text/plain; charset=utf-8", f.body());
        }
        for (Map.Entry<String, String> h : f.headers().entrySet()) {
            resp.header(h.getKey(), h.getValue());
        }
        return resp.defaultHeader("Retry-After", DEFAULT_RETRY_AFTER_SECONDS);
    }
}
