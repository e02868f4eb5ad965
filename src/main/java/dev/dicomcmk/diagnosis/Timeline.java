package dev.dicomcmk.diagnosis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When key access broke and what that means for recovery.
 *
 * @param brokeAt  when access broke, or null when nothing is broken or no fact says
 * @param source   which fact brokeAt comes from (Resource Health's occuredTime, the key's updated time ...)
 * @param now      Azure's clock (the Date header of its answers), which elapsed is measured against
 * @param elapsed  now - brokeAt, or null
 * @param guidance what to do in this bucket, in order
 * @param sources  the documentation statements the 30-minute rule and its steps come from, quoted
 */
public record Timeline(Bucket bucket, Instant brokeAt, String source, Instant now, Duration elapsed,
                       List<String> guidance, List<String> sources) {

    /** The DICOM docs' 30-minute line: under it the service recovers by itself, over it not. */
    public static final Duration SELF_RECOVERY_LIMIT = Duration.ofMinutes(30);

    public enum Bucket {
        /** key access is not broken */
        NOT_BROKEN,
        UNDER_30_MINUTES,
        OVER_30_MINUTES,
        /** broken, but no fact says since when */
        UNKNOWN
    }

    public Timeline {
        guidance = List.copyOf(guidance);
        sources = List.copyOf(sources);
    }
}
