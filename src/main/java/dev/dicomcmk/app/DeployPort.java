package dev.dicomcmk.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.access.OperatorNeed;
import dev.dicomcmk.model.DeploymentFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.template.RenderedTemplate;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What update-via-arm reads from and writes to Azure. The service travels as its whole resource (JSON):
 * the template carries every property it has over.
 */
public interface DeployPort {

    /** The service's whole resource as ARM answers it. */
    JsonNode service(ServiceId id);

    /** ARM's what-if of the template's deployment. */
    JsonNode whatIf(ServiceId id, RenderedTemplate rendered, Consumer<String> progress);

    /** The deterministic name of the template's deployment. */
    String deploymentName(ServiceId id, RenderedTemplate rendered);

    /** The shared check of the template's key for the service as the deployment will leave it. */
    DeploymentCheck.Checked check(ServiceId id, JsonNode current, RenderedTemplate rendered);

    /** The service after a deployment, and the deployment's name. */
    record Deployed(String deploymentName, JsonNode service) {
    }

    /** Deploys (Incremental), waits, and verifies the service reports the key and Succeeded. */
    Deployed deploy(ServiceId id, RenderedTemplate rendered, Consumer<String> progress);

    /** How the deployment of that name ended, waiting while it runs; null when there is none. */
    DeploymentFacts deploymentEnd(ServiceId id, String name, Consumer<String> progress);

    /** Everything the requirements checker reads about the service and its current key. */
    CmkFacts facts(ServiceId id);

    /** Whether Resource Health reports the service unavailable (false when Resource Health cannot be read or has none). */
    boolean reportedUnavailable(ServiceId id);

    /** The operator's permissions before a write: refuses (exit 4) when one is provably missing. */
    void requirePermissions(String command, List<OperatorNeed> needs, Consumer<String> note);

    /** What the real run would need, said (to the notes) but not refused. */
    void previewPermissions(String what, List<OperatorNeed> needs, Consumer<String> note);

    /** The signed-in principal's object id, for the journal. */
    String operator();

    /** Azure's clock. */
    Instant now();
}
