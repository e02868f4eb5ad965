package dev.dicomcmk.azure;

import dev.dicomcmk.advice.Commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.DeploymentFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.template.RenderedTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Deploys a rendered DICOM service template and checks that the service then reports what was
 * asked for. The deployment name is derived from the service and the template's content: the
 * same change always has the same name, so a retried or resumed run is the same deployment.
 */
public final class ServiceDeployment {

    private final AzureSession session;

    public ServiceDeployment(AzureSession session) {
        this.session = session;
    }

    /** The deployment's result and the service as ARM reports it afterwards. */
    public record Result(String deploymentName, JsonNode deployment, JsonNode service) {
    }

    public Result deployAndVerify(ServiceId id, RenderedTemplate rendered, LroProgress progress) {
        String name = deploymentName(id, rendered);
        JsonNode deployment;
        try {
            deployment = new DeploymentClient(session).deploy(id.subscriptionId(), id.resourceGroup(), name,
                    rendered.template(), rendered.parameters(), progress);
        } catch (AzureFailure f) {
            throw withServiceState(f, id, name);
        }
        JsonNode service = new DicomServiceWriter(session.arm()).read(id);
        verify(id, rendered, service, name);
        return new Result(name, deployment, service);
    }

    public JsonNode whatIf(ServiceId id, RenderedTemplate rendered, LroProgress progress) {
        return new DeploymentClient(session).whatIf(id.subscriptionId(), id.resourceGroup(),
                deploymentName(id, rendered), rendered.template(), rendered.parameters(), progress);
    }

    /**
     * One what-if for several services of one resource group: each service's template and parameters as an
     * inline nested deployment (inner scope, named as its own deployment would be) of one template, so ARM
     * is asked once, and counts one write, for all of them. The changes of every service come back in the one
     * result, by resource id.
     */
    public JsonNode whatIfTogether(String subscriptionId, String resourceGroup, List<ServiceTemplate> services,
                                   LroProgress progress) {
        com.fasterxml.jackson.databind.node.ObjectNode outer = Json.MAPPER.createObjectNode()
                .put("$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#")
                .put("contentVersion", "1.0.0.0");
        com.fasterxml.jackson.databind.node.ArrayNode resources = outer.putArray("resources");
        StringBuilder names = new StringBuilder();
        for (ServiceTemplate s : services) {
            String name = deploymentName(s.id(), s.rendered());
            names.append(name).append('\n');
            com.fasterxml.jackson.databind.node.ObjectNode nested = resources.addObject()
                    .put("type", "Microsoft.Resources/deployments").put("apiVersion", DeploymentClient.API_VERSION)
                    .put("name", name);
            com.fasterxml.jackson.databind.node.ObjectNode props = nested.putObject("properties").put("mode", "Incremental");
            props.putObject("expressionEvaluationOptions").put("scope", "inner");
            props.set("template", s.rendered().template());
            JsonNode parameters = s.rendered().parameters();
            props.set("parameters", parameters.has("parameters") ? parameters.get("parameters") : parameters);
        }
        String name = "dicom-cmk-what-if-" + services.size() + "-" + sha256(names.toString()).substring(0, 12);
        return new DeploymentClient(session).whatIf(subscriptionId, resourceGroup, name, outer,
                Json.MAPPER.createObjectNode(), progress);
    }

    /** A service and the template that would switch it. */
    public record ServiceTemplate(ServiceId id, RenderedTemplate rendered) {
    }

    /**
     * A deployment this run did not start (an earlier run's, left running by --timeout or a crash),
     * read by its name; while it runs it is read again every poll interval until it ends or --timeout
     * is spent (there is no operation of this run to hand azure-core's poller, only the deployment's
     * provisioningState). Null when there is no deployment of that name; still running when it outlived
     * --timeout.
     */
    public DeploymentFacts awaitEnd(ServiceId id, String name, LroProgress progress) {
        DeploymentClient deployments = new DeploymentClient(session);
        Duration every = session.arm().pollInterval();
        long deadline = System.nanoTime() + session.arm().budget().toNanos();
        while (true) {
            JsonNode d = deployments.find(id.subscriptionId(), id.resourceGroup(), name);
            if (d == null) {
                return null;
            }
            String code = Json.text(d, "properties", "error", "code");
            String message = Json.text(d, "properties", "error", "message");
            DeploymentFacts facts = new DeploymentFacts(name, Json.text(d, "properties", "provisioningState"),
                    Json.instant(d, "properties", "timestamp"), code == null && message == null ? null
                    : code == null ? message : message == null ? code : code + ": " + message);
            long left = deadline - System.nanoTime();
            if (facts.ended() || left <= 0) {
                return facts;
            }
            progress.polled("running");
            try {
                Thread.sleep(Math.max(1, Math.min(every.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AzureFailure(AzureFailure.Kind.FAILED, "wait for deployment " + name, 0, null, "interrupted", e);
            }
        }
    }

    /**
     * A deployment that failed or outlived --timeout may have changed the service, or not: the
     * message says what the service reports now (read back after the failure), so the output never
     * leaves the operator guessing, and names the next step.
     */
    private AzureFailure withServiceState(AzureFailure f, ServiceId id, String name) {
        String state;
        try {
            JsonNode service = new DicomServiceWriter(session.arm()).read(id);
            state = "the service now reports key " + Json.text(service, "properties", "encryption",
                    "customerManagedKeyEncryption", "keyEncryptionKeyUrl") + ", identity " + Json.text(service, "identity",
                    "type") + ", provisioningState " + Json.text(service, "properties", "provisioningState");
        } catch (AzureFailure readBack) {
            state = "the service's state could not be read back (" + readBack.code() + ")";
        }
        // a timeout's own message already says the deployment goes on in Azure
        String next = f.kind() == AzureFailure.Kind.TIMEOUT ? ""
                : "; see why with: " + Commands.deploymentOperations(id.resourceGroup(), name);
        String message = (f.getMessage() == null ? "" : f.getMessage() + "; ") + state + next;
        return new AzureFailure(f.kind(), f.operation(), f.status(), f.code(), message, f);
    }

    /** A key a deployment of the resource group set on the service. */
    public record DeployedKey(String keyUrl, String deployment, String provisioningState, java.time.Instant timestamp) {
    }

    /**
     * The keys the resource group's deployments (this tool's or anyone's) set on the service, newest first:
     * every versioned key URL among the parameters of a deployment whose output resources include the service
     * (or, not ended yet, whose name is this tool's for the service). A key a template sets inline, without a
     * parameter, is not in the list ARM answers and is not found here.
     */
    public java.util.List<DeployedKey> deployedKeys(ServiceId id) {
        String ours = ("dicom-cmk-" + id.workspace() + "-" + id.name() + "-").toLowerCase(Locale.ROOT);
        java.util.List<DeployedKey> out = new java.util.ArrayList<>();
        for (JsonNode d : new DeploymentClient(session).list(id.subscriptionId(), id.resourceGroup())) {
            String name = Json.text(d, "name");
            boolean touched = name != null && name.toLowerCase(Locale.ROOT).startsWith(ours);
            for (JsonNode r : d.path("properties").path("outputResources")) {
                touched |= id.armId().equalsIgnoreCase(Json.text(r, "id"));
            }
            if (!touched) {
                continue;
            }
            String state = Json.text(d, "properties", "provisioningState");
            java.time.Instant at = Json.instant(d, "properties", "timestamp");
            for (String url : keyUrlsIn(d.path("properties").path("parameters"))) {
                out.add(new DeployedKey(url, name, state, at));
            }
        }
        out.sort(java.util.Comparator.comparing(DeployedKey::timestamp,
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())).reversed());
        return out;
    }

    /** Every versioned key URL of this cloud among the string values, however deep. */
    private java.util.List<String> keyUrlsIn(JsonNode node) {
        java.util.List<String> urls = new java.util.ArrayList<>();
        if (node.isTextual() && node.asText().startsWith("https://") && node.asText().contains("/keys/")) {
            try {
                KeyUrl k = KeyUrl.parse(node.asText().trim(), session.cloud().keyVaultDnsSuffix(),
                        session.cloud().managedHsmDnsSuffix());
                if (k.version() != null) {
                    urls.add(k.url());
                }
            } catch (RuntimeException notAKey) {
                // a URL that is not a versioned key of this cloud is not one the service can use
            }
        }
        node.forEach(child -> urls.addAll(keyUrlsIn(child)));
        return urls;
    }

    /** "dicom-cmk-<workspace>-<service>-<12 hex of the content>", at most 64 characters as ARM allows. */
    public static String deploymentName(ServiceId id, RenderedTemplate rendered) {
        String hash = sha256(rendered.templateJson() + "\n" + rendered.parametersJson()).substring(0, 12);
        String base = ("dicom-cmk-" + id.workspace() + "-" + id.name()).toLowerCase(Locale.ROOT);
        int room = 64 - hash.length() - 1;
        return (base.length() > room ? base.substring(0, room) : base) + "-" + hash;
    }

    /** The service must report the key, the identity type and Succeeded the template asked for. */
    static void verify(ServiceId id, RenderedTemplate rendered, JsonNode service, String deployment) {
        String wantedKey = Json.text(rendered.parameters(), "parameters", "keyEncryptionKeyUrl", "value");
        String wantedType = Json.text(rendered.parameters(), "parameters", "identityType", "value");
        String key = Json.text(service, "properties", "encryption", "customerManagedKeyEncryption", "keyEncryptionKeyUrl");
        String type = Json.text(service, "identity", "type");
        String state = Json.text(service, "properties", "provisioningState");
        StringBuilder wrong = new StringBuilder();
        if (wantedKey != null && !wantedKey.equalsIgnoreCase(key)) {
            wrong.append(" key ").append(key).append(" instead of ").append(wantedKey).append(';');
        }
        if (wantedType != null && !wantedType.replace(" ", "").equalsIgnoreCase(type == null ? "" : type.replace(" ", ""))) {
            wrong.append(" identity ").append(type).append(" instead of ").append(wantedType).append(';');
        }
        if (!"Succeeded".equalsIgnoreCase(state)) {
            wrong.append(" provisioningState ").append(state).append(';');
        }
        if (wrong.length() > 0) {
            throw new AzureFailure(AzureFailure.Kind.FAILED, "verify " + id.shortName() + " after deployment " + deployment,
                    0, "VerificationFailed", "the service reports" + wrong.substring(0, wrong.length() - 1), null);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
