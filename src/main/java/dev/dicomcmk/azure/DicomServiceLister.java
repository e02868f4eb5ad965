package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Lists the DICOM services of a subscription, or of one of its resource groups, with their properties:
 * the workspaces from ARM's generic listing, then each workspace's DICOM services side by side
 * (DicomServices - List By Workspace answers whole resources, so no service needs a read of its own).
 */
public final class DicomServiceLister {

    private static final String WORKSPACES = "Microsoft.HealthcareApis/workspaces";

    private final ArmClient arm;
    private final ExecutorService executor;

    public DicomServiceLister(ArmClient arm, ExecutorService executor) {
        this.arm = arm;
        this.executor = executor;
    }

    /** Every DICOM service, sorted by id; resourceGroup null means the whole subscription. */
    public List<ServiceFacts> list(String subscriptionId, String resourceGroup) {
        String scope = "/subscriptions/" + subscriptionId + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup);
        String filter = URLEncoder.encode("resourceType eq '" + WORKSPACES + "'", StandardCharsets.UTF_8).replace("+", "%20");
        List<CompletableFuture<List<ServiceFacts>>> perWorkspace = new ArrayList<>();
        for (JsonNode ws : arm.list(scope + "/resources?$filter=" + filter, ApiVersions.RESOURCES,
                "list DICOM workspaces in " + (resourceGroup == null ? "subscription " + subscriptionId
                        : "resource group " + resourceGroup))) {
            String id = Json.text(ws, "id");
            if (id != null) {
                perWorkspace.add(CompletableFuture.supplyAsync(() -> services(subscriptionId, id), executor));
            }
        }
        List<ServiceFacts> out = new ArrayList<>();
        for (CompletableFuture<List<ServiceFacts>> f : perWorkspace) {
            try {
                out.addAll(f.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        out.sort(Comparator.comparing(s -> s.id().armId().toLowerCase(Locale.ROOT)));
        return out;
    }

    private List<ServiceFacts> services(String subscriptionId, String workspaceId) {
        String name = workspaceId.substring(workspaceId.lastIndexOf('/') + 1);
        List<ServiceFacts> out = new ArrayList<>();
        for (JsonNode s : arm.list(workspaceId + "/dicomservices", ApiVersions.DICOM, "list DICOM services of workspace " + name)) {
            String id = Json.text(s, "id");
            if (id != null) {
                out.add(DicomServiceReader.parse(ServiceId.parse(id, null, subscriptionId), s));
            }
        }
        return out;
    }
}
