package dev.dicomcmk.model;

/**
 * One call to the DICOM service's own API, made to confirm what its users see.
 *
 * @param url    the URL called
 * @param status the HTTP status, 0 when no answer came
 * @param detail Azure's error code and message, or a note ("200 OK"), never a token
 */
public record ProbeResult(String url, int status, String detail) {

    /** The symptom the docs describe for lost key access: "API requests return with 500 errors". */
    public boolean serverError() {
        return status >= 500;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
