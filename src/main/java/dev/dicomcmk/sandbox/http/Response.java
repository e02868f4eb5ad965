package dev.dicomcmk.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the listener sends back: a normal response, or one of the two misbehaviours a fault rule can
 * ask for (an abrupt TCP reset, or a stall that never answers).
 */
public final class Response {

    public enum Kind { NORMAL, RESET, STALL }

    public static final String JSON_TYPE = "application/json; charset=utf-8";

    private final Kind kind;
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    private Response(Kind kind, int status, byte[] body) {
        this.kind = kind;
        this.status = status;
        this.body = body == null ? new byte[0] : body;
    }

    public static Response json(int status, JsonNode body) {
        return new Response(Kind.NORMAL, status, Json.bytes(body)).header("Content-Type", JSON_TYPE);
    }

    public static Response text(int status, String contentType, String body) {
        Response r = new Response(Kind.NORMAL, status, body.getBytes(StandardCharsets.UTF_8));
        return contentType == null ? r : r.header("Content-Type", contentType);
    }

    public static Response raw(int status, byte[] body) {
        return new Response(Kind.NORMAL, status, body);
    }

    public static Response empty(int status) {
        return new Response(Kind.NORMAL, status, null);
    }

    public static Response reset() {
        return new Response(Kind.RESET, 0, null);
    }

    public static Response stall() {
        return new Response(Kind.STALL, 0, null);
    }

    public Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Sets a header only when the handler did not choose a value itself. */
    public Response defaultHeader(String name, String value) {
        for (String k : headers.keySet()) {
            if (k.equalsIgnoreCase(name)) {
                return this;
            }
        }
        headers.put(name, value);
        return this;
    }

    public String headerValue(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
