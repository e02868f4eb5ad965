package dev.dicomcmk.sandbox.arm;

import dev.dicomcmk.sandbox.http.Response;

/**
 * A request ARM or a resource provider refuses. Writers validate everything before they change the
 * world and throw this, so a refused write leaves nothing behind; the endpoint turns it into the
 * error envelope, a deployment into a failed operation.
 */
public final class ArmException extends RuntimeException {

    private final int status;
    private final String code;

    public ArmException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Response toResponse() {
        return ArmErrors.error(status, code, getMessage());
    }

    static ArmException badRequest(String code, String message) {
        return new ArmException(400, code, message);
    }

    static ArmException invalidContent(String message) {
        return new ArmException(400, "InvalidRequestContent", message);
    }
}
