package dev.dicomcmk.sandbox;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One injected misbehaviour. Matches on method (exact, case-insensitive; null = any) and host and
 * path regexes (full match, case-insensitive; null = any). Actions: answer with a status, headers
 * and body; add latency and then answer normally; reset the TCP connection; stall forever; perform the
 * request and then reset the connection instead of answering (accept_reset) or never answer (accept_stall),
 * so a write takes effect in Azure while its client sees a network failure; expire the
 * request's bearer token (from then on every endpoint refuses that token as expired, as Azure does with a
 * token that outlived its lifetime mid-run, and the request itself is answered so; a client must get a
 * newly issued token to go on). An expire_token, accept_reset or accept_stall rule matches only requests that carry
 * a bearer token (a request without one is only Key Vault's 401 challenge: nothing to accept).
 * count = how many matching requests it affects (null = forever).
 */
public record FaultRule(String method, String host, String path, Action action, int status,
                        Map<String, String> headers, String body, int latencyMs, Integer count) {

    public enum Action { STATUS, LATENCY, RESET, STALL, ACCEPT_RESET, ACCEPT_STALL, EXPIRE_TOKEN }

    public FaultRule {
        if (action == null) {
            throw new IllegalArgumentException("a fault rule needs an action: status, latency, reset, stall, accept_reset, accept_stall or expire_token");
        }
        if (action == Action.STATUS && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("a status fault needs a status between 100 and 599");
        }
        if (action == Action.LATENCY && latencyMs <= 0) {
            throw new IllegalArgumentException("a latency fault needs latencyMs > 0");
        }
        if (count != null && count <= 0) {
            throw new IllegalArgumentException("count must be positive (or absent for forever)");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        compile(host);
        compile(path);
    }

    public static FaultRule respond(int status, Map<String, String> headers, String body) {
        return new FaultRule(null, null, null, Action.STATUS, status, headers, body, 0, null);
    }

    public static FaultRule latency(int ms) {
        return new FaultRule(null, null, null, Action.LATENCY, 0, null, null, ms, null);
    }

    public static FaultRule reset() {
        return new FaultRule(null, null, null, Action.RESET, 0, null, null, 0, null);
    }

    public static FaultRule stall() {
        return new FaultRule(null, null, null, Action.STALL, 0, null, null, 0, null);
    }

    /** Performs the request, then resets the connection instead of answering: the write happened, the client cannot know. */
    public static FaultRule acceptThenReset() {
        return new FaultRule(null, null, null, Action.ACCEPT_RESET, 0, null, null, 0, null);
    }

    /** Performs the request, then never answers (until the client gives up). */
    public static FaultRule acceptThenStall() {
        return new FaultRule(null, null, null, Action.ACCEPT_STALL, 0, null, null, 0, null);
    }

    /** The request's bearer token expires now (see the class comment). */
    public static FaultRule expireToken() {
        return new FaultRule(null, null, null, Action.EXPIRE_TOKEN, 0, null, null, 0, null);
    }

    public FaultRule forMethod(String m) {
        return new FaultRule(m, host, path, action, status, headers, body, latencyMs, count);
    }

    public FaultRule forHost(String regex) {
        return new FaultRule(method, regex, path, action, status, headers, body, latencyMs, count);
    }

    public FaultRule forPath(String regex) {
        return new FaultRule(method, host, regex, action, status, headers, body, latencyMs, count);
    }

    public FaultRule times(int n) {
        return new FaultRule(method, host, path, action, status, headers, body, latencyMs, n);
    }

    boolean matches(String reqMethod, String reqHost, String reqPath, boolean carriesToken) {
        return (!needsToken() || carriesToken)
                && (method == null || method.equalsIgnoreCase(reqMethod))
                && (host == null || compile(host).matcher(reqHost).matches())
                && (path == null || compile(path).matcher(reqPath).matches());
    }

    /** Rules that act on what the request does (expire its token, perform it) skip a request without a token (a 401 challenge). */
    private boolean needsToken() {
        return action == Action.EXPIRE_TOKEN || action == Action.ACCEPT_RESET || action == Action.ACCEPT_STALL;
    }

    private static Pattern compile(String regex) {
        return regex == null ? null : Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }
}
