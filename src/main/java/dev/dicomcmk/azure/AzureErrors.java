package dev.dicomcmk.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.identity.CredentialUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/** Turns whatever the SDK threw, or an error response, into an {@link AzureFailure}. */
public final class AzureErrors {

    private static final int MAX_MESSAGE = 300;

    private AzureErrors() {
    }

    /** From an HTTP status and an ARM, Key Vault or Entra error body. */
    public static AzureFailure fromResponse(String operation, int status, String body) {
        JsonNode json = Json.tryParse(body).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        String code = Json.text(json, "error", "code");
        String message = Json.text(json, "error", "message");
        String inner = Json.text(json, "error", "innererror", "code");
        if (code == null && json.path("error").isTextual()) {
            code = json.path("error").asText();              // Entra: {"error":"invalid_client", ...}
            message = Json.text(json, "error_description");
        }
        if (inner != null) {
            code = code == null ? inner : code + "/" + inner;
        }
        message = resourceGraphReason(json, message);
        AzureFailure f = new AzureFailure(kindOf(status, code), operation, status, code, clean(message), null);
        // the action and scope sit at the end of Key Vault's long 403 message: read them before it is shortened
        return status == 403 ? f.withOperatorLacks(dev.dicomcmk.access.OperatorRefusal.explain(message)
                .map(dev.dicomcmk.model.Text::escapeControls).orElse(null)) : f;
    }

    /**
     * Resource Graph's message is only a support reference ("Please provide below info when asking for support:
     * timestamp = ..., correlationId = ..."); the reasons are its details (InvalidQuery, ParserFailure with the token,
     * RateLimiting, ...): those are what a person needs, the reference stays at the end.
     */
    private static String resourceGraphReason(JsonNode json, String message) {
        JsonNode details = json.path("error").path("details");
        if (message == null || !message.startsWith("Please provide below info when asking for support")
                || !details.isArray() || details.isEmpty()) {
            return message;
        }
        java.util.List<String> reasons = new java.util.ArrayList<>();
        for (JsonNode d : details) {
            String reason = Json.text(d, "code") + ": " + Json.text(d, "message");
            if (d.has("token")) {
                reason += " (line " + d.path("line").asText("?") + ", position " + d.path("characterPositionInLine").asText("?")
                        + ", at '" + d.path("token").asText() + "')";
            }
            reasons.add(reason);
        }
        return String.join("; ", reasons) + " [" + message.substring(message.indexOf(':') + 1).strip() + "]";
    }

    /** From an exception thrown by an SDK client or credential (possibly wrapped by reactor or a future). */
    public static AzureFailure fromThrowable(String operation, Throwable t) {
        AzureFailure tls = tlsFailure(operation, t);
        if (tls != null) {
            return tls;
        }
        AzureFailure unreachable = unreachable(operation, t);
        if (unreachable != null) {
            return unreachable;
        }
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AzureFailure f) {
                return f;
            }
            if (isTimeout(c)) {
                return new AzureFailure(AzureFailure.Kind.TIMEOUT, operation, 0, "Timeout",
                        "no answer in time; raise --timeout or try again", t);
            }
            if (c instanceof CredentialUnavailableException) {
                return new AzureFailure(AzureFailure.Kind.AUTHENTICATION, operation, 0, "CredentialUnavailable",
                        "no usable credential: sign in with 'az login', set AZURE_CLIENT_ID/AZURE_TENANT_ID/"
                                + "AZURE_CLIENT_SECRET, or choose one with --auth (" + clean(firstLine(c.getMessage())) + ")", t);
            }
            if (c instanceof ClientAuthenticationException && ((HttpResponseException) c).getResponse() == null) {
                return fromSignIn(operation, c, t);
            }
            if (c instanceof com.microsoft.aad.msal4j.MsalServiceException msal) {
                AzureFailure f = fromSignIn(operation, c, t);
                String code = msal.errorCode() != null ? msal.errorCode() : f.code();
                return new AzureFailure(f.kind(), f.operation(), 0, code, f.getMessage(), t);
            }
            if (c instanceof HttpResponseException h && h.getResponse() != null && h.getResponse().getStatusCode() < 400) {
                // an SDK client got an answer it could not take: a redirect, or a body that is not what it asked for
                return new AzureFailure(AzureFailure.Kind.UNREADABLE, operation, h.getResponse().getStatusCode(),
                        "UnreadableAnswer", "Azure answered from " + askedHost(h.getResponse().getRequest())
                        + " with something that is not what was asked for (" + describe(h.getResponse()) + ")", t);
            }
            if (c instanceof HttpResponseException h && h.getResponse() != null) {
                int status = h.getResponse().getStatusCode();
                AzureFailure parsed = fromResponse(operation, status, jsonIn(h.getMessage()));
                if (parsed.code() == null && h.getValue() instanceof com.azure.core.management.exception.ManagementError e) {
                    // a typed ARM client's error, already read: its code and message as the body had them
                    parsed = new AzureFailure(kindOf(status, e.getCode()), operation, status, e.getCode(),
                            clean(e.getMessage()), null);
                }
                String message = parsed.getMessage() != null ? parsed.getMessage() : clean(firstLine(h.getMessage()));
                AzureFailure.Kind kind = c instanceof ClientAuthenticationException && status != 403
                        ? AzureFailure.Kind.AUTHENTICATION : parsed.kind();
                return new AzureFailure(kind, operation, status, parsed.code(), message, t)
                        .withOperatorLacks(parsed.operatorLacks());
            }
            root = c;
        }
        if (root instanceof IOException || root instanceof UncheckedIOException) {
            return new AzureFailure(AzureFailure.Kind.FAILED, operation, 0, "NetworkError",
                    "cannot reach Azure: " + clean(firstLine(root.getMessage() == null ? root.getClass().getSimpleName()
                            : root.getMessage())), t);
        }
        return new AzureFailure(AzureFailure.Kind.FAILED, operation, 0, null,
                clean(firstLine(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage())), t);
    }

    /**
     * From what a Key Vault SDK read threw: as {@link #fromThrowable}, and a client that failed on the answer
     * itself (no error status, no network failure: a body it could not take, such as {@code {}}) means the
     * host answered with something that is not what was asked for.
     */
    public static AzureFailure fromSdkRead(String operation, String host, String what, Throwable t) {
        return fromSdkRead(operation, host, what, "the Key Vault client", t);
    }

    /** As above, for any SDK client ({@code client} names it in the message: "the typed ARM client"). */
    static AzureFailure fromSdkRead(String operation, String host, String what, String client, Throwable t) {
        AzureFailure f = fromThrowable(operation, t);
        boolean unparsable = false;
        for (Throwable c = t; c != null && !unparsable; c = c.getCause()) {
            // the client's JSON reader (Jackson, or azure-json's shaded copy) refused the body: not a network failure
            unparsable = c.getClass().getName().matches(".*(jackson|\\.json\\.).*(Parse|Processing|Json).*Exception");
        }
        boolean failedOnTheAnswer = f.kind() == AzureFailure.Kind.FAILED && f.status() == 0
                && (f.code() == null || unparsable);
        if (!failedOnTheAnswer) {
            return f;
        }
        // the client's own message (a NullPointerException's, a parser's) says nothing to the reader: --debug has it
        return new AzureFailure(AzureFailure.Kind.UNREADABLE, operation, 0, "UnreadableAnswer", "Azure answered from "
                + host + " with something that is not " + what + " (" + (unparsable ? "a body that is not JSON"
                : "a body " + client + " could not read") + ")", t);
    }

    /**
     * A TLS handshake that failed (the server's certificate is not trusted, or not for that host) is
     * neither a sign-in problem nor something a retry fixes, even when the first call to fail is the
     * sign-in: it says so, and where a private cloud's CA belongs.
     */
    private static AzureFailure tlsFailure(String operation, Throwable t) {
        javax.net.ssl.SSLException ssl = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (ssl == null && c instanceof javax.net.ssl.SSLException e) {
                ssl = e;
            }
            if (ssl != null && isUntrustedCertificate(c)) {
                return new AzureFailure(AzureFailure.Kind.FAILED, operation, 0, "TLS",
                        "TLS handshake failed: " + clean(firstLine(ssl.getMessage() == null ? ssl.getClass().getSimpleName()
                                : ssl.getMessage())) + "; the endpoint's certificate is not trusted: for a private cloud or "
                                + "the sandbox, give its CA in the cloud profile (caCertificateFile)", t);
            }
        }
        return null;
    }

    /**
     * A request that got no answer (refused, reset, DNS, a handshake cut short, no answer in time) is a network
     * failure, exit 6 "cannot reach HOST", wherever it surfaces: a credential wraps it in a
     * ClientAuthenticationException or CredentialUnavailableException, which must not make it "sign in again".
     * A time-out stays a TIMEOUT (a write that got no answer may still have been done: rotate-key keeps it pending).
     */
    private static AzureFailure unreachable(String operation, Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AzureFailure) {
                return null; // classified already, nearer the call
            }
            if (c instanceof HostUnreachableException h) {
                boolean timedOut = false;
                for (Throwable d = h; d != null; d = d.getCause()) {
                    timedOut |= isTimeout(d);
                }
                return new AzureFailure(timedOut ? AzureFailure.Kind.TIMEOUT : AzureFailure.Kind.FAILED, operation, 0,
                        timedOut ? "Timeout" : "NetworkError", clean(h.getMessage())
                        + (timedOut ? "; raise --timeout or try again" : ""), t);
            }
        }
        return null;
    }

    /**
     * The handshake refused the server's certificate (PKIX path, expiry, host name), as opposed to
     * a handshake the network cut short ("Remote host terminated the handshake"), which is transient.
     */
    static boolean isUntrustedCertificate(Throwable c) {
        return c instanceof java.security.cert.CertificateException || c instanceof java.security.cert.CertPathBuilderException
                || c instanceof java.security.cert.CertPathValidatorException;
    }

    /** A sign-in that failed before any Azure call: Entra's error, or the credential refusing a tenant. */
    private static AzureFailure fromSignIn(String operation, Throwable signIn, Throwable t) {
        String msg = "";
        for (Throwable c = signIn; c != null; c = c.getCause()) {
            if (c.getMessage() != null && (c.getMessage().contains("AADSTS") || c.getMessage().contains("tenant"))) {
                msg = c.getMessage();
            }
        }
        if (msg.isEmpty() && signIn.getMessage() != null) {
            msg = signIn.getMessage();
        }
        java.util.regex.Matcher tenant = java.util.regex.Pattern
                .compile("not configured to acquire tokens for tenant ([0-9A-Za-z.-]+)").matcher(msg);
        if (tenant.find()) {
            String other = tenant.group(1).replaceAll("\\.$", "");
            return new AzureFailure(AzureFailure.Kind.AUTHENTICATION, operation, 0, "TenantNotAllowed",
                    "it accepts sign-ins of tenant " + other + " only, and this run signs in to another tenant", t);
        }
        java.util.regex.Matcher aadsts = java.util.regex.Pattern.compile("(AADSTS\\d+: [^.]*\\.)").matcher(msg);
        String description = aadsts.find() ? aadsts.group(1) : entraDescription(msg);
        String code = msg.contains("AADSTS7000215") || msg.contains("invalid_client") ? "invalid_client" : entraCode(msg);
        return new AzureFailure(AzureFailure.Kind.AUTHENTICATION, "sign in (" + operation + ")", 0, code,
                clean(description), t);
    }

    /** The host a request was meant for (a request routed to the sandbox carries it in a header). */
    private static String askedHost(com.azure.core.http.HttpRequest request) {
        if (request == null || request.getUrl() == null) {
            return "Azure";
        }
        String forwarded = request.getHeaders().getValue(com.azure.core.http.HttpHeaderName.fromString(
                HostRoutingHttpClient.FORWARDED_HOST));
        return forwarded != null ? forwarded : request.getUrl().getHost();
    }

    private static String describe(com.azure.core.http.HttpResponse response) {
        int status = response.getStatusCode();
        if (status >= 300) {
            return "HTTP " + status + ", a redirect that is not followed";
        }
        String type = response.getHeaderValue(com.azure.core.http.HttpHeaderName.CONTENT_TYPE);
        return "HTTP " + status + (type == null ? ", no content type" : ", " + clean(type));
    }

    static AzureFailure.Kind kindOf(int status, String code) {
        String c = code == null ? "" : code.toLowerCase(java.util.Locale.ROOT);
        if (status == 401) {
            return AzureFailure.Kind.AUTHENTICATION;
        }
        if (status == 403 && c.contains("firewall")) {
            return AzureFailure.Kind.FIREWALL;
        }
        if (status == 403) {
            return AzureFailure.Kind.FORBIDDEN;
        }
        if (status == 404) {
            return AzureFailure.Kind.NOT_FOUND;
        }
        if (status == 429) {
            return AzureFailure.Kind.THROTTLED;
        }
        if (status == 408 || status == 504) {
            return AzureFailure.Kind.TIMEOUT;
        }
        if (status == 400 && (c.startsWith("invalid_client") || c.startsWith("unauthorized_client")
                || c.startsWith("invalid_request") || c.startsWith("invalid_grant"))) {
            return AzureFailure.Kind.AUTHENTICATION;
        }
        return AzureFailure.Kind.FAILED;
    }

    static boolean isTimeout(Throwable c) {
        return c instanceof TimeoutException || c instanceof HttpTimeoutException || c instanceof SocketTimeoutException;
    }

    private static String jsonIn(String message) {
        if (message == null) {
            return null;
        }
        int brace = message.indexOf('{');
        return brace < 0 ? null : message.substring(brace, message.lastIndexOf('}') + 1);
    }

    /** MSAL's messages embed Entra's JSON answer; take its error code. */
    private static String entraCode(String msg) {
        JsonNode json = Json.tryParse(jsonIn(msg)).orElse(null);
        String code = Json.text(json, "error");
        return code != null ? code : "AuthenticationFailed";
    }

    private static String entraDescription(String msg) {
        JsonNode json = Json.tryParse(jsonIn(msg)).orElse(null);
        String description = Json.text(json, "error_description");
        if (description != null) {
            return firstLine(description);
        }
        return firstLine(msg);
    }

    static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        int cr = t.indexOf('\r');
        int cut = nl < 0 ? cr : (cr < 0 ? nl : Math.min(nl, cr));
        return cut < 0 ? t : t.substring(0, cut);
    }

    /** One line, control characters escaped, bounded length, no bearer tokens even if a message echoed one. */
    static String clean(String s) {
        if (s == null) {
            return null;
        }
        String one = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        one = one.replaceAll("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}", "$1REDACTED")
                .replaceAll("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*", "REDACTED-JWT");
        one = dev.dicomcmk.model.Text.escapeControls(one);
        return one.length() <= MAX_MESSAGE ? one : one.substring(0, MAX_MESSAGE) + "…";
    }
}
