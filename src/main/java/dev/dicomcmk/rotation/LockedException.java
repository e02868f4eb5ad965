package dev.dicomcmk.rotation;

/** Another run holds the service's rotation lock (exit 7: a cron run overlapping the previous one). */
public final class LockedException extends RuntimeException {

    public LockedException(String message) {
        super(message);
    }
}
