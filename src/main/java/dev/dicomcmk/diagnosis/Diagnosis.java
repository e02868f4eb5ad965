package dev.dicomcmk.diagnosis;

import dev.dicomcmk.model.HealthFacts;
import dev.dicomcmk.requirements.Report;

import java.util.List;

/**
 * The runbook's verdict on one service.
 *
 * @param summary   one line for the status line and ticket titles
 * @param health    Resource Health's current availability, or null when it could not be read
 * @param causes    ranked, most urgent first
 * @param nextSteps what to run, in order (the causes' fixes, then the timeline's steps)
 * @param checked   what was looked at, one line each, so "healthy" says what it rests on
 * @param report    the shared requirements checker's report the causes rest on
 */
public record Diagnosis(String service, Status status, String summary, HealthFacts health, List<Cause> causes,
                        Timeline timeline,
                        List<String> nextSteps, List<String> checked, Report report) {

    public enum Status {
        /** the service can use its key and nothing else fails */
        HEALTHY,
        /**
         * the service works, but a requirement fails (e.g. purge protection off), or one that will stop it fails
         * while Resource Health still says Available
         */
        AT_RISK,
        /** the service cannot use its key, or is still recovering */
        BROKEN,
        /** no cause was found, but a check that decides it could not be read: not healthy, not known broken */
        UNKNOWN
    }

    public Diagnosis {
        causes = List.copyOf(causes);
        nextSteps = List.copyOf(nextSteps);
        checked = List.copyOf(checked);
    }

    public boolean healthy() {
        return status == Status.HEALTHY;
    }

    /** A cause was found: the service is broken or at risk (not merely unknown). */
    public boolean problemFound() {
        return status == Status.BROKEN || status == Status.AT_RISK;
    }

    /** Resource Health's state, "not readable" when unknown. */
    public String healthState() {
        return health == null ? "not readable" : health.availabilityState();
    }
}
