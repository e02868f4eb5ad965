package dev.dicomcmk.preflight;

import dev.dicomcmk.model.InvalidInputException;

/** A template or parameters file that cannot be checked: unreadable, not JSON, or not a valid template. */
public final class InvalidTemplateException extends InvalidInputException {
    public InvalidTemplateException(String message) {
        super(message);
    }
}
