package dev.dicomcmk.azure.adapters;

import dev.dicomcmk.app.CheckPort;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.FactsCollector;
import dev.dicomcmk.azure.FactsRequest;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.CmkFacts;

/** {@link CheckPort} over one Azure session. */
public final class AzureCheckPort implements CheckPort {

    private final AzureSession session;

    public AzureCheckPort(AzureSession session) {
        this.session = session;
    }

    @Override
    public CmkFacts facts(ServiceId service, KeyUrl candidate, String subscription) {
        return new FactsCollector(session).collect(new FactsRequest(service, candidate, subscription));
    }
}
