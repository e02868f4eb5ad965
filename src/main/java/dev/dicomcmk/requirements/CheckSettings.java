package dev.dicomcmk.requirements;

import java.time.Duration;

/**
 * The thresholds a check runs with.
 *
 * @param expiryHorizon KEY-EXPIRY-HORIZON warns when the key expires sooner than this (default 30 days)
 * @param maxAge        KEY-ROTATION-AGE warns when the key version is older than this (default 365 days)
 */
public record CheckSettings(Duration expiryHorizon, Duration maxAge) {
    public static final Duration DEFAULT_EXPIRY_HORIZON = Duration.ofDays(30);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(365);

    public static CheckSettings defaults() {
        return new CheckSettings(DEFAULT_EXPIRY_HORIZON, DEFAULT_MAX_AGE);
    }
}
