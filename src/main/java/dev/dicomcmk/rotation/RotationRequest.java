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
 * @param forwardOnly with {@link RotationMode#KEY_URL}: switch only to a newer version of the key the service
 *                    uses now (by Key Vault's created time), as an event delivered late or twice asks; a service
 *                    on a version as new, or on another key, is left as it is
 */
public record RotationRequest(String serviceId, String shortName, RotationMode mode, String keyUrl,
                              Duration ifOlderThan, boolean dryRun, Duration verifyFor, boolean rollback,
                              boolean forwardOnly) {

    public RotationRequest(String serviceId, String shortName, RotationMode mode, String keyUrl,
                           Duration ifOlderThan, boolean dryRun, Duration verifyFor, boolean rollback) {
        this(serviceId, shortName, mode, keyUrl, ifOlderThan, dryRun, verifyFor, rollback, false);
    }

    /** Polls every few seconds, more often when the whole window is short (tests, impatient admins). */
    public Duration pollEvery() {
        Duration third = verifyFor.dividedBy(3);
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(5);
        return third.compareTo(min) < 0 ? min : third.compareTo(max) > 0 ? max : third;
    }
}
