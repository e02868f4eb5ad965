package dev.dicomcmk.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.ArmIds;

import java.net.URI;
import java.util.Locale;

/**
 * What an answer from Azure must be before anything in it is taken as a fact (safety invariant I1):
 * a success status (2xx: a redirect is an answer from somewhere else, never followed), JSON by its
 * content type and by its body, and, for a resource, the resource that was asked for by its own
 * {@code id} (and {@code type}, when ARM reports one for it). A proxy's sign-in page, an empty
 * {@code 200 {}}, a cached answer about another resource are refused here, in one place, for every reader.
 *
 * @param what  the thing asked for, as the refusal names it ("DICOM service demo-ws/demo-dicom")
 * @param id    the resource id the body must carry (case-insensitive, as ARM ids are), or null
 * @param type  the resource type the body must carry when it carries one, or null for any
 * @param list  the body must be a list page ({@code value} array)
 * @param read  the body is read at all (false: a write whose answer nobody reads needs only a success status)
 */
record Expected(String what, String id, String type, boolean list, boolean read) {

    /** A resource read by its id: the answer must carry that id, and this type when it names one. */
    static Expected resource(String what, String id, String type) {
        return new Expected(what, id, type, false, true);
    }

    /** A page of a list: an object with a {@code value} array. */
    static Expected list(String what) {
        return new Expected(what, null, null, true, true);
    }

    /** A Resource Graph answer: an object with a {@code data} array (objectArray), its {@code count} and {@code totalRecords}. */
    static Expected queryResult(String what) {
        return new Expected(what, null, null, false, true);
    }

    /** A success status, the body unread (a plain write whose answer nothing is taken from). */
    static Expected success(String what) {
        return new Expected(what, null, null, false, false);
    }

    /**
     * The body of a response, once it is what was asked for (null when the body is not {@link #read}).
     *
     * @param url the URL asked (its host is named: the response's own request may be the routed copy)
     * @throws AzureFailure of kind UNREADABLE naming the host and what came instead
     */
    JsonNode body(String url, HttpResponse response, String text, String operation) {
        int status = response.getStatusCode();
        String host = hostOf(url);
        if (status < 200 || status >= 300) {
            String location = response.getHeaderValue(HttpHeaderName.LOCATION);
            throw refused(operation, status, host, "HTTP " + status + (status >= 300 && status < 400
                    ? ", a redirect" + (location == null ? "" : " to " + hostOf(location)) + " that is not followed" : ""));
        }
        if (!read) {
            return null;
        }
        String contentType = response.getHeaderValue(HttpHeaderName.CONTENT_TYPE);
        if (contentType == null || !isJson(contentType)) {
            throw refused(operation, status, host, text == null || text.isBlank() ? "an empty body"
                    : contentType == null ? "a body without a content type" : "a body of type " + mediaType(contentType));
        }
        JsonNode body;
        try {
            body = Json.parse(text);
        } catch (Json.NotJson e) {
            throw refused(operation, status, host, e.getMessage());
        }
        String mismatch = mismatch(body);
        if (mismatch != null) {
            throw refused(operation, status, host, mismatch);
        }
        return body;
    }

    /** Why a parsed body is not what was asked for, or null when it is. */
    String mismatch(JsonNode body) {
        if (!body.isObject()) {
            return "a JSON " + body.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object";
        }
        if (list && !body.path("value").isArray()) {
            return "an object without a value list";
        }
        if (id != null) {
            String actual = Json.text(body, "id");
            if (actual == null) {
                return body.isEmpty() ? "an empty object" : "an object without an id";
            }
            if (!ArmIds.same(actual, id)) {
                return "the resource " + actual;
            }
        }
        if (type != null) {
            String actual = Json.text(body, "type");
            if (actual != null && !actual.equalsIgnoreCase(type)) {
                return "a resource of type " + actual + ", not " + type;
            }
        }
        return null;
    }

    /** The refusal: what was asked for, where from, and what came instead. */
    AzureFailure refused(String operation, int status, String host, String instead) {
        return new AzureFailure(AzureFailure.Kind.UNREADABLE, operation, status, "UnreadableAnswer",
                "Azure answered from " + host + " with something that is not " + what + " (" + instead + ")", null);
    }

    private static boolean isJson(String contentType) {
        String media = mediaType(contentType);
        return media.equals("application/json") || media.endsWith("+json");
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static String hostOf(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? "another path" : h;
        } catch (IllegalArgumentException e) {
            return "an unreadable address";
        }
    }
}
