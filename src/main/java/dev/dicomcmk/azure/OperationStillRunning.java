package dev.dicomcmk.azure;

import java.time.Duration;

/**
 * A long-running operation that had not ended when --timeout ran out (exit 6, Timeout). Azure goes
 * on with it, so whatever it writes may still happen: a caller that records outcomes records it as
 * not known yet, never as failed.
 */
public final class OperationStillRunning extends AzureFailure {

    private final String status;
    private final Duration waited;

    OperationStillRunning(String operation, String status, Duration waited) {
        super(Kind.TIMEOUT, operation, 0, "Timeout", "still " + status + " after " + waited.toSeconds()
                + "s; it goes on in Azure: check it there, or raise --timeout and run again", null);
        this.status = status;
        this.waited = waited;
    }

    /** The operation's last status, as Azure wrote it (Running, Accepted …). */
    public String lastStatus() {
        return status;
    }

    /** How long the run waited for it (--timeout). */
    public Duration waited() {
        return waited;
    }

    /** The one in a failure or its causes (a deployment's failure wraps it with the service's state), or null. */
    public static OperationStillRunning in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OperationStillRunning s) {
                return s;
            }
        }
        return null;
    }
}
