package dev.dicomcmk.rotation;

import java.time.Instant;

/**
 * A key an ARM deployment of the service's resource group set on the service, as the deployment
 * history has it: whoever deployed it (this tool, the portal, a pipeline).
 *
 * @param keyUrl            the key URL the deployment's parameters name
 * @param deployment        the deployment's name
 * @param provisioningState how it ended (Succeeded, Failed …) or that it runs
 * @param timestamp         when it last changed state, or null
 */
public record DeployedKey(String keyUrl, String deployment, String provisioningState, Instant timestamp) {
}
