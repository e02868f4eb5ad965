package dev.dicomcmk.model;

import java.time.Instant;
import java.util.Locale;

/**
 * What Azure Resource Health says about a resource now (availabilityStatuses/current).
 *
 * @param availabilityState Available, Unavailable, Degraded or Unknown, as Azure wrote it
 * @param occurredTime      when the current state began (Azure spells the field "occuredTime"), or null
 * @param summary           Azure's one-paragraph explanation, or null
 * @param reasonType        e.g. Unplanned, Planned, UserInitiated; null or empty when Azure gives none
 */
public record HealthFacts(String availabilityState, Instant occurredTime, String summary, String reasonType) {

    public boolean available() {
        return "Available".equalsIgnoreCase(availabilityState);
    }

    public boolean unavailable() {
        return availabilityState != null && switch (availabilityState.toLowerCase(Locale.ROOT)) {
            case "unavailable", "degraded" -> true;
            default -> false;
        };
    }
}
