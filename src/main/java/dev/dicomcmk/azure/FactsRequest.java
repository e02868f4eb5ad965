package dev.dicomcmk.azure;

import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;

/**
 * What to collect facts about.
 *
 * @param service        the DICOM service, or null to check a key alone
 * @param candidateKey   a key to check instead of the service's current one, or null
 * @param subscriptionId where to look for the vault when no service is given (may be null)
 * @param asDeployed     the service as it will be after a planned deployment (its identities), to judge
 *                       a change before making it; null to judge the service as it is
 * @param candidateKeyRead the caller's own read of the candidate key, already under way (the same
 *                       {@code KeyReader} read the collector would make), or null: the collector reads it
 */
public record FactsRequest(ServiceId service, KeyUrl candidateKey, String subscriptionId,
                           dev.dicomcmk.model.ServiceFacts asDeployed,
                           java.util.concurrent.CompletableFuture<dev.dicomcmk.model.KeyFacts> candidateKeyRead) {
    public FactsRequest {
        if (service == null && candidateKey == null) {
            throw new IllegalArgumentException("a service, a key, or both");
        }
        if (candidateKeyRead != null && candidateKey == null) {
            throw new IllegalArgumentException("a read of the candidate key needs the candidate key");
        }
    }

    public FactsRequest(ServiceId service, KeyUrl candidateKey, String subscriptionId,
                        dev.dicomcmk.model.ServiceFacts asDeployed) {
        this(service, candidateKey, subscriptionId, asDeployed, null);
    }

    public FactsRequest(ServiceId service, KeyUrl candidateKey, String subscriptionId) {
        this(service, candidateKey, subscriptionId, null);
    }
}
