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
import java.util.function.BiFunction;

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
        return list(subscriptionId, resourceGroup, DicomServiceReader::parse);
    }

    /**
     * As above, each service as {@code take} makes it of its id and its whole listed resource (rotate-key keeps
     * the resource itself); a service it answers null for is left out.
     */
    public <T> List<T> list(String subscriptionId, String resourceGroup, BiFunction<ServiceId, JsonNode, T> take) {
        String scope = "/subscriptions/" + subscriptionId + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup);
        String filter = URLEncoder.encode("resourceType eq '" + WORKSPACES + "'", StandardCharsets.UTF_8).replace("+", "%20");
        List<CompletableFuture<List<Listed<T>>>> perWorkspace = new ArrayList<>();
        for (JsonNode ws : arm.list(scope + "/resources?$filter=" + filter, ApiVersions.RESOURCES,
                "list DICOM workspaces in " + (resourceGroup == null ? "subscription " + subscriptionId
                        : "resource group " + resourceGroup))) {
            String id = Json.text(ws, "id");
            if (id != null) {
                perWorkspace.add(CompletableFuture.supplyAsync(() -> services(subscriptionId, id, take), executor));
            }
        }
        List<Listed<T>> out = new ArrayList<>();
        for (CompletableFuture<List<Listed<T>>> f : perWorkspace) {
            try {
                out.addAll(f.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        out.sort(Comparator.comparing(s -> s.id().armId().toLowerCase(Locale.ROOT)));
        return out.stream().map(Listed::value).toList();
    }

    private record Listed<T>(ServiceId id, T value) {
    }

    private <T> List<Listed<T>> services(String subscriptionId, String workspaceId, BiFunction<ServiceId, JsonNode, T> take) {
        String name = workspaceId.substring(workspaceId.lastIndexOf('/') + 1);
        List<Listed<T>> out = new ArrayList<>();
        for (JsonNode s : arm.list(workspaceId + "/dicomservices", ApiVersions.DICOM, "list DICOM services of workspace " + name)) {
            String id = Json.text(s, "id");
            if (id != null) {
                ServiceId sid = ServiceId.parse(id, null, subscriptionId);
                T value = take.apply(sid, s);
                if (value != null) {
                    out.add(new Listed<>(sid, value));
                }
            }
        }
        return out;
    }
}
