package dev.dicomcmk.azure.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.app.DeploymentCheck;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomServiceReader;
import dev.dicomcmk.azure.FactsCollector;
import dev.dicomcmk.azure.FactsRequest;
import dev.dicomcmk.azure.IdentityReader;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.RequirementsChecker;
import dev.dicomcmk.template.RenderedTemplate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the facts of a key for a service as a rendered deployment will leave it (its identities after the change)
 * and runs the shared checker on them, so update-via-arm and rotate-key refuse the same things.
 */
public final class AsDeployedCheck {

    private AsDeployedCheck() {
    }

    public static Report asDeployed(AzureSession session, ServiceId id, JsonNode current, RenderedTemplate rendered) {
        return asDeployed(session, new FactsCollector(session), id, current, rendered);
    }

    public static DeploymentCheck.Checked checked(AzureSession session, ServiceId id, JsonNode current, RenderedTemplate rendered) {
        FactsCollector collector = new FactsCollector(session);
        var facts = collect(session, collector, id, current, rendered, null);
        return new DeploymentCheck.Checked(new RequirementsChecker(CheckSettings.defaults()).check(id.armId(), facts), facts);
    }

    /** As above, with a collector that may be shared (a fleet's dry run: each vault and tenant read once). */
    public static Report asDeployed(AzureSession session, FactsCollector collector, ServiceId id, JsonNode current,
                             RenderedTemplate rendered) {
        return asDeployed(session, collector, id, current, rendered, null);
    }

    /** As above; {@code keyRead}: a read of the template's key already under way (or null: the collector reads it). */
    public static Report asDeployed(AzureSession session, FactsCollector collector, ServiceId id, JsonNode current,
                             RenderedTemplate rendered, java.util.concurrent.CompletableFuture<dev.dicomcmk.model.KeyFacts> keyRead) {
        return new RequirementsChecker(CheckSettings.defaults()).check(id.armId(),
                collect(session, collector, id, current, rendered, keyRead));
    }

    private static dev.dicomcmk.model.CmkFacts collect(AzureSession session, FactsCollector collector, ServiceId id,
            JsonNode current, RenderedTemplate rendered,
            java.util.concurrent.CompletableFuture<dev.dicomcmk.model.KeyFacts> keyRead) {
        JsonNode params = rendered.parameters().path("parameters");
        List<String> uamis = new ArrayList<>();
        for (Iterator<String> it = params.path("userAssignedIdentities").path("value").fieldNames(); it.hasNext(); ) {
            uamis.add(it.next());
        }
        ServiceFacts now = DicomServiceReader.parse(id, current);
        ServiceFacts after = new IdentityReader(session.arm()).asDeployed(now,
                params.path("identityType").path("value").asText(), uamis);
        KeyUrl key = KeyUrl.parse(params.path("keyEncryptionKeyUrl").path("value").asText(),
                session.cloud().keyVaultDnsSuffix(), session.cloud().managedHsmDnsSuffix());
        return collector.collect(new FactsRequest(id, key, id.subscriptionId(), after, keyRead));
    }
}
