package dev.dicomcmk.rotation;

import java.time.Duration;

/**
 * Thrown by {@link RotationSteps#deploy} and {@link RotationSteps#deployment} when a deployment had
 * not ended when --timeout ran out. Azure goes on with it and may still switch the service, so the attempt's outcome is not
 * known: the rotation journals it as pending, and the next run finds out how it ended.
 */
public final class DeploymentStillRunning extends RuntimeException {

    private final String status;
    private final Duration waited;
    private final boolean accepted;

    /**
     * @param status the deployment's last status, as Azure wrote it (Running, Accepted …)
     * @param waited how long the run waited for it (--timeout)
     * @param cause  the failure behind it (its exit code and its words), or null when the deployment was
     *               only read (an earlier attempt's)
     */
    public DeploymentStillRunning(String status, Duration waited, RuntimeException cause) {
        this(status, waited, cause, true);
    }

    private DeploymentStillRunning(String status, Duration waited, RuntimeException cause, boolean accepted) {
        super("deployment still " + status + (waited == null ? "" : " after " + waited.toSeconds() + "s"), cause);
        this.status = status;
        this.waited = waited;
        this.accepted = accepted;
    }

    /**
     * The deployment's request itself had no answer before --timeout: ARM may have taken it (and may yet
     * switch the service) or not, so the attempt is as open as one whose deployment is still Running.
     */
    public static DeploymentStillRunning unanswered(Duration waited, RuntimeException cause) {
        return new DeploymentStillRunning("unconfirmed (its request had no answer)", waited, cause, false);
    }

    /**
     * The deployment's request or its polling lost its answer (a reset connection, a server error): Azure
     * may have taken it, so the attempt is as open as one whose deployment is still Running.
     */
    public static DeploymentStillRunning unconfirmed(String why, RuntimeException cause) {
        return new DeploymentStillRunning("unconfirmed (" + why + ")", null, cause, false);
    }

    /** Whether Azure confirmed it took the deployment (it reported a status), as opposed to no answer at all. */
    public boolean accepted() {
        return accepted;
    }

    public String status() {
        return status;
    }

    /** How long the run waited for it, or null when it stopped for another reason than --timeout. */
    public Duration waited() {
        return waited;
    }

    /** The failure behind it, for the exit code and the output, or null. */
    public RuntimeException failure() {
        return (RuntimeException) getCause();
    }
}
