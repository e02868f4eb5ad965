package dev.dicomcmk.azure;

/**
 * An Azure call that failed, classified so the CLI can pick the documented exit code and say
 * what to do next. The message never carries tokens or secrets.
 */
public class AzureFailure extends RuntimeException {

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
