package dev.dicomcmk.model;

import java.time.Instant;
import java.util.Locale;

/**
 * A resource-group deployment as ARM reports it (Microsoft.Resources/deployments, DeploymentExtended).
 *
 * @param name              the deployment's name
 * @param provisioningState Accepted, Running, Succeeded, Failed, Canceled …, as ARM wrote it
 * @param timestamp         when it last changed state (its end, once it ended), or null
 * @param error             ARM's error of a failed deployment, in one line ("code: message"), or null
 */
public record DeploymentFacts(String name, String provisioningState, Instant timestamp, String error) {

    /** Not ended yet: it goes on in Azure, and may still change what it deploys. */
    public boolean running() {
        return !ended();
    }

    public boolean succeeded() {
        return "Succeeded".equalsIgnoreCase(provisioningState);
    }

    /** Succeeded, Failed, Canceled or Deleted: ARM's terminal states for a deployment. */
    public boolean ended() {
        return provisioningState != null && switch (provisioningState.toLowerCase(Locale.ROOT)) {
            case "succeeded", "failed", "canceled", "deleted" -> true;
            default -> false;
        };
    }
}
