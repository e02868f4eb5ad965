package dev.dicomcmk.azure.adapters;

import dev.dicomcmk.app.DeploymentCheck;
import dev.dicomcmk.app.DeployPort;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.access.OperatorNeed;
import dev.dicomcmk.azure.AzureFailure;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomServiceWriter;
import dev.dicomcmk.azure.FactsCollector;
import dev.dicomcmk.azure.FactsRequest;
import dev.dicomcmk.azure.ResourceHealthReader;
import dev.dicomcmk.azure.ServiceDeployment;
import dev.dicomcmk.azure.SignedInPrincipal;
import dev.dicomcmk.model.DeploymentFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.template.RenderedTemplate;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** {@link DeployPort} over one Azure session; one permission gate per run, so its answers are shared. */
public final class AzureDeployPort implements DeployPort {

    private final AzureSession session;
    private final ServiceDeployment deployments;
    private final OperatorPermissionGate permissions;

    public AzureDeployPort(AzureSession session) {
        this.session = session;
        this.deployments = new ServiceDeployment(session);
        this.permissions = new OperatorPermissionGate(session);
    }

    @Override
    public JsonNode service(ServiceId id) {
        return new DicomServiceWriter(session.arm()).read(id);
    }

    @Override
    public JsonNode whatIf(ServiceId id, RenderedTemplate rendered, Consumer<String> progress) {
        return deployments.whatIf(id, rendered, progress::accept);
    }

    @Override
    public String deploymentName(ServiceId id, RenderedTemplate rendered) {
        return ServiceDeployment.deploymentName(id, rendered);
    }

    @Override
    public DeploymentCheck.Checked check(ServiceId id, JsonNode current, RenderedTemplate rendered) {
        return AsDeployedCheck.checked(session, id, current, rendered);
    }

    @Override
    public Deployed deploy(ServiceId id, RenderedTemplate rendered, Consumer<String> progress) {
        ServiceDeployment.Result r = deployments.deployAndVerify(id, rendered, progress::accept);
        return new Deployed(r.deploymentName(), r.service());
    }

    @Override
    public DeploymentFacts deploymentEnd(ServiceId id, String name, Consumer<String> progress) {
        return deployments.awaitEnd(id, name, progress::accept);
    }

    @Override
    public CmkFacts facts(ServiceId id) {
        return new FactsCollector(session).collect(new FactsRequest(id, null, id.subscriptionId()));
    }

    @Override
    public boolean reportedUnavailable(ServiceId id) {
        try {
            return new ResourceHealthReader(session.arm()).read(id).unavailable();
        } catch (AzureFailure f) {
            if (f.kind() == AzureFailure.Kind.FORBIDDEN || f.kind() == AzureFailure.Kind.NOT_FOUND) {
                return false;
            }
            throw f;
        }
    }

    @Override
    public void requirePermissions(String command, List<OperatorNeed> needs, Consumer<String> note) {
        permissions.require(command, needs, note);
    }

    @Override
    public void previewPermissions(String what, List<OperatorNeed> needs, Consumer<String> note) {
        permissions.preview(what, needs, note);
    }

    @Override
    public String operator() {
        return SignedInPrincipal.objectId(session);
    }

    @Override
    public Instant now() {
        return session.clock().now();
    }
}
