package dev.dicomcmk.rotation;

/**
 * One look at a service after a switch: Resource Health (and the DICOM API with --probe).
 *
 * @param healthy false only when something says the service is broken (Unavailable, Degraded, a 5xx);
 *                Unknown is not a reason to roll back
 * @param detail  what was seen, for the output and the journal
 */
public record Observation(boolean healthy, String detail) {
}
