package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Every DICOM service with a customer-managed key in a subscription (or one resource group): the
 * generic resource listing finds the services, then each is read for its key (the listing does not
 * carry properties).
 */
public final class CmkServiceLister {

    private static final String FILTER = "$filter=resourceType%20eq%20'Microsoft.HealthcareApis%2Fworkspaces%2Fdicomservices'";

    private final AzureSession session;

    public CmkServiceLister(AzureSession session) {
        this.session = session;
    }

    public List<ServiceId> list(String subscriptionId, String resourceGroup) {
        String scope = "/subscriptions/" + subscriptionId + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup);
        List<JsonNode> items = session.arm().list(scope + "/resources?" + FILTER, ApiVersions.RESOURCES,
                "list DICOM services in " + (resourceGroup == null ? "subscription " + subscriptionId : resourceGroup));
        List<CompletableFuture<ServiceFacts>> reads = new ArrayList<>();
        DicomServiceReader reader = new DicomServiceReader(session.arm());
        for (JsonNode item : items) {
            ServiceId id = ServiceId.parse(Json.text(item, "id"), null, subscriptionId);
            reads.add(CompletableFuture.supplyAsync(() -> reader.read(id), session.executor()));
        }
        List<ServiceId> out = new ArrayList<>();
        for (CompletableFuture<ServiceFacts> f : reads) {
            ServiceFacts s;
            try {
                s = f.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? AzureErrors.fromThrowable("read DICOM service", r) : e;
            }
            if (s.keyUrl() != null && !s.keyUrl().isBlank()) {
                out.add(s.id());
            }
        }
        return out;
    }
}
