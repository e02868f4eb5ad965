package dev.dicomcmk.azure;

import java.time.Duration;

/**
 * --timeout as one budget for the whole run, counted from when the run first needed Azure: the sign-in
 * and every later exchange and wait draw from it, so a stalled sign-in cannot take four per-request
 * timeouts of its own.
 */
public final class RunDeadline {

    private final Duration timeout;
    private final long deadlineNanos;

    private RunDeadline(Duration timeout) {
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    public static RunDeadline start(Duration timeout) {
        return new RunDeadline(timeout);
    }

    /** The --timeout this deadline was started with. */
    public Duration timeout() {
        return timeout;
    }

    /** What is left of the budget (negative once it is spent). */
    public long nanosLeft() {
        return deadlineNanos - System.nanoTime();
    }
}
