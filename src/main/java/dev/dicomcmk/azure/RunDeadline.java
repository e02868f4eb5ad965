package dev.dicomcmk.azure;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * --timeout as one budget for the whole run, counted from when the run first needed Azure: the sign-in
 * and every later exchange and wait draw from it, so a stalled sign-in cannot take four per-request
 * timeouts of its own. A fleet gives each service a budget of its own ({@link #perService}): the hundredth
 * service of a long run must not find the run's budget spent before it starts.
 */
public final class RunDeadline {

    /** The deadline of the service the current thread works for, when it works for one. */
    private static final ThreadLocal<Long> SERVICE = new ThreadLocal<>();

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

    /** What is left of the budget (negative once it is spent): the service's, inside {@link #perService}. */
    public long nanosLeft() {
        Long service = SERVICE.get();
        return (service != null ? service : deadlineNanos) - System.nanoTime();
    }

    /** Runs one service's work of a fleet with a whole --timeout of its own, counted from now. */
    public <T> T perService(Supplier<T> work) {
        return within(System.nanoTime() + timeout.toNanos(), work);
    }

    /**
     * Wraps work handed to another thread so that it draws from the budget of the service the handing
     * thread works for (a service's reads fan out to the session's I/O threads).
     */
    public static Runnable carried(Runnable work) {
        Long service = SERVICE.get();
        return service == null ? work : () -> within(service, () -> {
            work.run();
            return null;
        });
    }

    private static <T> T within(long deadline, Supplier<T> work) {
        Long before = SERVICE.get();
        SERVICE.set(deadline);
        try {
            return work.get();
        } finally {
            if (before == null) {
                SERVICE.remove();
            } else {
                SERVICE.set(before);
            }
        }
    }
}
