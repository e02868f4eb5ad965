package dev.dicomcmk.rotation;

import java.time.Duration;
import java.time.Instant;

/**
 * After a switch: looks at the service every few seconds for the whole window, on Azure's clock,
 * and stops at the first sign that it is broken (a service that cannot use its key turns
 * Unavailable at once; waiting longer would only lengthen the outage).
 */
final class HealthWatch {

    private HealthWatch() {
    }

    /** The first unhealthy observation, or the last healthy one when the window passed. */
    static Observation watch(RotationSteps steps, Duration window, Duration every) {
        Instant end = steps.now().plus(window);
        while (true) {
            Observation o = steps.observe();
            if (!o.healthy()) {
                return o;
            }
            Instant now = steps.now();
            if (!now.isBefore(end)) {
                return o;
            }
            Duration left = Duration.between(now, end);
            steps.waiting("watching the service: healthy so far, " + dev.dicomcmk.model.Durations.human(left) + " left");
            steps.sleep(left.compareTo(every) < 0 ? left : every);
        }
    }
}
