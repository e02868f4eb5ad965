package dev.dicomcmk.rotation;

import java.time.Duration;

/**
 * One service's rotation as the operator asked for it.
 *
 * @param serviceId   the service's ARM id
 * @param shortName   WORKSPACE/DICOM, for messages and the lock file name
 * @param keyUrl      the target with {@link RotationMode#KEY_URL}, else null
 * @param ifOlderThan rotate only when the current version is older than this; null = always
 * @param verifyFor   how long to watch the service after the switch
 * @param rollback    whether to switch back when the service turns unhealthy
 */
public record RotationRequest(String serviceId, String shortName, RotationMode mode, String keyUrl,
                              Duration ifOlderThan, boolean dryRun, Duration verifyFor, boolean rollback) {

    /** Polls every few seconds, more often when the whole window is short (tests, impatient admins). */
    public Duration pollEvery() {
        Duration third = verifyFor.dividedBy(3);
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(5);
        return third.compareTo(min) < 0 ? min : third.compareTo(max) > 0 ? max : third;
    }
}
