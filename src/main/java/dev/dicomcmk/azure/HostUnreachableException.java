package dev.dicomcmk.azure;

import java.io.IOException;

/**
 * A request that got no HTTP answer from a host: refused, reset, a name that does not resolve, a TLS
 * handshake cut short, no answer in time. It names the host (the one the SDK asked for, not the address a
 * route sent it to), so the run can say "cannot reach login.microsoftonline.com" instead of blaming the
 * sign-in. An IOException, as what it wraps, so the retry policy treats it as before.
 */
public final class HostUnreachableException extends IOException {

    private final String host;

    public HostUnreachableException(String host, Throwable cause) {
        super("cannot reach " + host + ": " + reason(cause), cause);
        this.host = host;
    }

    public String host() {
        return host;
    }

    /** Whether the transport's failure means this: an I/O failure or a time-out anywhere in its causes. */
    static boolean isNetworkFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HostUnreachableException) {
                return false; // already named (a nested client)
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException || AzureErrors.isTimeout(c)) {
                return true;
            }
        }
        return false;
    }

    /** The failure in a few words: what the JDK says, or its kind when it says nothing. */
    static String reason(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof java.net.http.HttpConnectTimeoutException) {
                return "no connection in time";
            }
            if (AzureErrors.isTimeout(c)) {
                return "no answer in time";
            }
            if (c instanceof java.net.UnknownHostException) {
                return "unknown host (DNS)";
            }
            if (c instanceof java.net.ConnectException) {
                return "connection refused";
            }
        }
        Throwable deepest = cause;
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                deepest = c;
            }
        }
        String m = deepest == null ? null : deepest.getMessage();
        return m == null || m.isBlank() ? (deepest == null ? "network failure" : deepest.getClass().getSimpleName())
                : AzureErrors.clean(AzureErrors.firstLine(m));
    }
}
