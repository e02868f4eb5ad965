package dev.dicomcmk.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The sandbox's notion of now: it starts at a chosen instant (default: real now, whole seconds) and
 * runs with real time from there, plus whatever {@link #advance} added. Everything time-dependent in
 * the sandbox (key dates, token expiry, resource health) reads it, so tests can jump ahead.
 *
 * Note: tokens the SDK cached before an advance keep being sent (MSAL judges expiry by real time);
 * once the sandbox clock passes their exp they are refused with ExpiredAuthenticationToken, as Azure
 * would. Build a fresh credential after a long jump.
 */
public final class SandboxClock {

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final Instant start;
    private final long realStartNanos;
    private Duration advanced;
    private volatile Runnable onAdvance = () -> { };

    SandboxClock(Instant start, Duration advanced) {
        this.start = start.truncatedTo(ChronoUnit.SECONDS);
        this.realStartNanos = System.nanoTime();
        this.advanced = advanced == null ? Duration.ZERO : advanced;
    }

    /** The instant the clock started at (scenario times are relative to it). */
    public Instant start() {
        return start;
    }

    public synchronized Instant now() {
        return start.plusNanos(System.nanoTime() - realStartNanos).plus(advanced);
    }

    public long nowEpochSecond() {
        return now().getEpochSecond();
    }

    public void advance(Duration d) {
        synchronized (this) {
            advanceLocked(d);
        }
        onAdvance.run();
    }

    private void advanceLocked(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("the sandbox clock only moves forward");
        }
        advanced = advanced.plus(d);
    }

    /** Called after every advance (the sandbox re-evaluates key expiry and saves its state). */
    void onAdvance(Runnable r) {
        this.onAdvance = r;
    }

    synchronized Duration advanced() {
        return advanced;
    }

    public String httpDate() {
        return HTTP_DATE.format(now());
    }
}
