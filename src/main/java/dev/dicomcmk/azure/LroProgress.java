package dev.dicomcmk.azure;

/** Told about each poll of a long-running operation, so a command can show progress. */
@FunctionalInterface
public interface LroProgress {
    LroProgress NONE = status -> { };

    /** @param status running, succeeded or failed */
    void polled(String status);
}
