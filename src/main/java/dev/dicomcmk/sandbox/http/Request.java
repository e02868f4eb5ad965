package dev.dicomcmk.sandbox.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One parsed HTTP/1.1 request. Header names are case-insensitive; the query is decoded with the
 * first value of a repeated parameter winning (no Azure API the sandbox serves repeats one).
 */
public final class Request {

    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private final String remoteAddress;

    public Request(String method, String target, Map<String, String> headers, byte[] body, String remoteAddress) {
        this.method = method.toUpperCase(Locale.ROOT);
        int q = target.indexOf('?');
        this.path = decodePath(q < 0 ? target : target.substring(0, q));
        this.rawQuery = q < 0 ? "" : target.substring(q + 1);
        this.query = parseQuery(rawQuery);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = Collections.unmodifiableMap(h);
        this.body = body == null ? new byte[0] : body;
        this.remoteAddress = remoteAddress;
    }

    public String method() {
        return method;
    }

    /** The decoded path, always starting with '/'. */
    public String path() {
        return path;
    }

    public String rawQuery() {
        return rawQuery;
    }

    public Map<String, String> query() {
        return query;
    }

    public String query(String name) {
        return query.get(name);
    }

    /** A query parameter looked up case-insensitively ($filter vs $Filter both occur in the wild). */
    public String queryIgnoreCase(String name) {
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public String header(String name) {
        return headers.get(name);
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

    public String remoteAddress() {
        return remoteAddress;
    }

    /**
     * The host the client meant: the forwarded host set by the CLI's routing HTTP client, else the
     * Host header; port stripped, lower-cased.
     */
    public String host() {
        String h = header("X-Forwarded-Host");
        if (h == null || h.isBlank()) {
            h = header("Host");
        }
        if (h == null) {
            return "";
        }
        h = h.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static String decodePath(String raw) {
        // '+' is literal in a path; only percent-escapes are decoded
        String p = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        return p.startsWith("/") ? p : "/" + p;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return Collections.unmodifiableMap(out);
    }
}
