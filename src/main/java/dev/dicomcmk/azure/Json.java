package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** One ObjectMapper for Azure payloads, and null-safe readers for the fields we take from them. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    /**
     * The JSON document in a body. A body that is empty or not JSON is not an empty document: it
     * throws, so what could not be read is never taken for a resource without properties.
     *
     * @throws NotJson when the body is empty or not one JSON document
     */
    public static JsonNode parse(String body) {
        return tryParse(body).orElseThrow(() -> new NotJson(body == null || body.isBlank() ? "an empty body"
                : "a body that is not JSON"));
    }

    /**
     * The JSON document in a body, or empty when it is empty or not JSON: for bodies where anything may
     * come and nothing is taken as a fact without its own check (error envelopes, messages quoting them).
     */
    public static java.util.Optional<JsonNode> tryParse(String body) {
        if (body == null || body.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null || node.isMissingNode() ? java.util.Optional.empty() : java.util.Optional.of(node);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** A body that should have been JSON and is not (the message says what it was instead). */
    public static final class NotJson extends RuntimeException {
        public NotJson(String what) {
            super(what);
        }
    }

    /** The text at a path of field names, or null when absent or not a scalar. */
    public static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    public static Boolean bool(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isBoolean() ? n.asBoolean() : null;
    }

    public static Integer integer(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isNumber() ? n.asInt() : null;
    }

    public static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node == null ? MissingNode.getInstance() : node;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    /** ARM's ISO-8601 timestamps (with or without offset); null when absent or malformed. */
    public static Instant instant(JsonNode node, String... path) {
        String s = text(node, path);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
