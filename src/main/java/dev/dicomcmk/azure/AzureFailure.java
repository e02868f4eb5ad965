package dev.dicomcmk.azure;

/**
 * An Azure call that failed, classified so the CLI can pick the documented exit code and say
 * what to do next. The message never carries tokens or secrets.
 */
public class AzureFailure extends RuntimeException implements dev.dicomcmk.model.WriteFailure {

    public enum Kind {
        /** sign-in failed or no credential (exit 4) */
        AUTHENTICATION,
        /** signed in but not allowed, by RBAC or policy (exit 4; a read becomes SKIP) */
        FORBIDDEN,
        /** a network rule of the resource blocked the call (a read becomes SKIP) */
        FIREWALL,
        /** the resource does not exist (exit 5) */
        NOT_FOUND,
        /** throttled past the retries (exit 6) */
        THROTTLED,
        /** no answer in time (exit 6) */
        TIMEOUT,
        /**
         * Azure answered with something that is not what was asked for: a redirect, no JSON, or another
         * resource than the one named (exit 6; a read of a side fact becomes an "unreadable" SKIP)
         */
        UNREADABLE,
        /** any other failure of an Azure operation (exit 6) */
        FAILED
    }

    private final Kind kind;
    private final String operation;
    private final String code;
    private final int status;

    public AzureFailure(Kind kind, String operation, int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.operation = operation;
        this.status = status;
        this.code = code;
    }

    /** For a 403: what the signed-in identity lacks and which built-in roles have it, read from Azure's answer; or null. */
    private String operatorLacks;

    /** Keeps what a 403 says the operator lacks (before its message is shortened to one line). */
    public AzureFailure withOperatorLacks(String lacks) {
        this.operatorLacks = lacks;
        return this;
    }

    public String operatorLacks() {
        return operatorLacks;
    }

    public Kind kind() {
        return kind;
    }

    /** What we were doing, e.g. "read key demo-key in demo-kv". */
    public String operation() {
        return operation;
    }

    /** Azure's error code (ResourceNotFound, ForbiddenByFirewall, invalid_client ...) or null. */
    public String code() {
        return code;
    }

    /** HTTP status, 0 when there was no response. */
    public int status() {
        return status;
    }

    /**
     * Whether a write that failed so may still have taken effect: there was no answer (a reset, no
     * connection, --timeout) or the server failed (5xx, 408). A 4xx says Azure did not act; an operation
     * Azure itself reports Failed, or a read-back that shows the wrong state, is known too.
     */
    public boolean outcomeUnknown() {
        if (getCause() instanceof AzureFailure inner) {
            return inner.outcomeUnknown(); // the same failure with more words (what the service reports now)
        }
        return kind == Kind.TIMEOUT || status >= 500 || status == 408
                || (status == 0 && ("NetworkError".equals(code) || code == null && getCause() != null));
    }

    /** One line: what failed, Azure's code and message. */
    public String oneLine() {
        StringBuilder s = new StringBuilder(operation).append(" failed");
        if (status > 0) {
            s.append(" (HTTP ").append(status).append(code == null ? "" : " " + code).append(')');
        } else if (code != null) {
            s.append(" (").append(code).append(')');
        }
        if (getMessage() != null && !getMessage().isBlank()) {
            s.append(": ").append(getMessage());
        }
        return dev.dicomcmk.model.Text.escapeControls(s.toString().replaceAll("\\s*[\\r\\n]+\\s*", " "));
    }
}
