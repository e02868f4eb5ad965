package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.access.OperatorNeeds;
import dev.dicomcmk.app.OperatorPermissionGate;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomServiceWriter;
import dev.dicomcmk.azure.FactsCollector;
import dev.dicomcmk.azure.FactsRequest;
import dev.dicomcmk.azure.ResourceHealthReader;
import dev.dicomcmk.azure.ServiceDeployment;
import dev.dicomcmk.azure.SignedInPrincipal;
import dev.dicomcmk.azure.Json;
import dev.dicomcmk.model.DeploymentFacts;
import dev.dicomcmk.identity.IdentityPlanner;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.RequirementsChecker;
import dev.dicomcmk.template.DesiredState;
import dev.dicomcmk.template.RenderedTemplate;
import dev.dicomcmk.template.ServiceResourceFile;
import dev.dicomcmk.rotation.Journal;
import dev.dicomcmk.rotation.JournalEntry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** update-via-arm: render (and optionally what-if or deploy) the template that sets identity and key, keeping every other property. */
@Command(name = "update-via-arm", sortOptions = false,
        header = "Render, preview or deploy the ARM template that sets the service's identity and key.",
        description = {"A DICOM PUT replaces the whole resource, so the template carries over every property the "
                + "service has (CORS, storage, data partitions, network access, tags, other identities) and changes only "
                + "the identity and the key. Without --what-if or --deploy it writes azuredeploy.json and "
                + "azuredeploy.parameters.json and changes nothing.",
            "After the service's identity moved (another tenant or subscription, or a re-created user-assigned "
                + "identity), deploy its current properties to make it pick the identity up again."})
public final class UpdateViaArmCommand implements Callable<Integer> {

    @ParentCommand
    DicomCmkCommand root;

    @Mixin
    ServiceOptions serviceOptions;

    @Option(names = "--from-file", paramLabel = "FILE",
            description = "Render offline from a saved service resource (az resource show output) instead of reading Azure.")
    Path fromFile;

    @Option(names = "--key-url", paramLabel = "URL", description = "The versioned key to set (default: keep the current one).")
    String keyUrl;

    @Option(names = "--system-assigned", description = "Turn the system-assigned identity on.")
    boolean systemAssigned;

    @Option(names = "--user-assigned", paramLabel = "ID", description = "Add a user-assigned identity (repeatable).")
    List<String> userAssigned = new ArrayList<>();

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Where to write the template and parameters (default: .).")
    Path outDir = Path.of(".");

    @ArgGroup(exclusive = true)
    Action action;

    static final class Action {
        @Option(names = "--what-if", required = true,
                description = "Ask ARM what the deployment would change; exit 0 when nothing, 3 when something would.")
        boolean whatIf;

        @Option(names = "--deploy", required = true,
                description = "Check the key for the service, deploy (Incremental), wait, and verify the service.")
        boolean deploy;
    }

    @Option(names = "--force", description = "Deploy even when the key check finds a FAIL (each one overridden is named "
            + "on stderr); never a key version that does not exist (exit 5) or is disabled (exit 3).")
    boolean force;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "With --deploy: the journal the deployment is written to before it is sent (default: rotate-key's, $XDG_STATE_HOME/dicom-cmk/HOST/journal.jsonl).")
    Path journalFile;

    @Mixin
    StateDirOption stateDir;

    @Override
    public Integer call() {
        boolean online = action != null;
        if (fromFile != null && (online || serviceOptions.service() != null)) {
            throw new InvalidInputException("--from-file renders offline: drop --service, --what-if and --deploy");
        }
        if (fromFile == null && serviceOptions.service() == null) {
            throw new InvalidInputException("update-via-arm needs --service (or --from-file to render offline)");
        }
        AzureContext azure = root.azure();
        stateDir.apply(azure);
        List<String> added = userAssigned.stream().map(IdentityPlanner::requireUserAssignedId).toList();
        KeyUrl key = keyUrl == null ? null : TemplateOutputs.versionedKey(keyUrl, azure);
        ServiceId id = fromFile != null ? null
                : ServiceId.parse(serviceOptions.service(), serviceOptions.resourceGroup(), azure.subscriptionOrNull());
        JsonNode current = fromFile != null ? ServiceResourceFile.load(fromFile)
                : new DicomServiceWriter(azure.session().arm()).read(id);
        RenderedTemplate rendered = TemplateOutputs.render(current, new DesiredState(key == null ? null : key.url(),
                systemAssigned ? Boolean.TRUE : null, added, List.of()));
        TemplateOutputs out = new TemplateOutputs(root);
        if (!online) {
            return out.write(rendered, outDir);
        }
        AzureSession session = azure.session();
        ServiceDeployment deployment = new ServiceDeployment(session);
        OperatorPermissionGate permissions = new OperatorPermissionGate(session);
        if (action.whatIf) {
            permissions.require("update-via-arm --what-if", OperatorNeeds.forDeployment(id.armId(), true, SameCommand.of(root)), out::progress);
            permissions.preview("--deploy", OperatorNeeds.forDeployment(id.armId(), false, null), out::progress);
            return out.whatIf(deployment.whatIf(id, rendered, out::progress), ServiceDeployment.deploymentName(id, rendered));
        }
        permissions.require("update-via-arm --deploy", OperatorNeeds.forDeployment(id.armId(), false, SameCommand.of(root)), out::progress);
        // an earlier run's deployment that never recorded its end is ended with how ARM says it ended
        WriteJournal writes = new WriteJournal(azure.journal(journalFile, out::say), JournalEntry.UPDATE_VIA_ARM,
                id.armId(), () -> SignedInPrincipal.objectId(session), () -> session.clock().now());
        writes.reconcile(open -> howItEnded(session, id, open, out));
        DeploymentCheck.Checked checked = DeploymentCheck.checked(session, id, current, rendered);
        Report check = checked.report();
        DeploymentCheck.Refusal unusable = checked.unusableKey();
        if (unusable != null) {
            // --force overrides requirement verdicts, not the key's existence: the service would lose its data at once
            return out.refusedKey(check, unusable, force);
        }
        if (check.hasFailures(false) && !force) {
            return out.refused(check);
        }
        List<String> overridden = TemplateOutputs.failing(check);
        if (!overridden.isEmpty()) {
            out.overriding(check);
        }
        JsonNode preview = deployment.whatIf(id, rendered, out::progress);
        if (!TemplateOutputs.changes(preview) && inPlace(session, id)) {
            return out.inPlace(id);
        }
        String name = ServiceDeployment.deploymentName(id, rendered);
        java.util.List<String> shown = new java.util.ArrayList<>(List.of("what-if of " + name + ":"));
        TemplateOutputs.whatIfLines(TemplateOutputs.changesOf(preview)).forEach(l -> shown.add("  " + l));
        Confirmation.confirm(root, shown, "Deploy " + name + " to " + id.shortName() + "?");
        String oldKey = Json.text(current, "properties", "encryption", "customerManagedKeyEncryption", "keyEncryptionKeyUrl");
        String plan = "deploy " + name + " to " + id.shortName() + " (identity and key; every other property kept)"
                + (overridden.isEmpty() ? "" : "; --force overrides " + String.join(", ", overridden));
        return out.deployed(writes.write("deploy", oldKey, key == null ? oldKey : key.url(), plan, name,
                () -> deployment.deployAndVerify(id, rendered, out::progress)), check, overridden);
    }

    /**
     * How an earlier run's deployment that never recorded its end ended, read from ARM by its name; null
     * while it still runs (its attempt stays open).
     */
    private static String howItEnded(AzureSession session, ServiceId id, JournalEntry open, TemplateOutputs out) {
        if (open.deployment() == null) {
            return "failed: no deployment was planned";
        }
        DeploymentFacts d = new ServiceDeployment(session).awaitEnd(id, open.deployment(), out::progress);
        if (d == null) {
            return "failed: deployment " + open.deployment() + " is not in Azure (never sent, or not accepted)";
        }
        if (d.running()) {
            return null;
        }
        return d.succeeded() ? JournalEntry.SUCCEEDED : "failed: deployment " + open.deployment() + " ended "
                + d.provisioningState() + (d.error() == null ? "" : " (" + d.error() + ")");
    }

    /**
     * Nothing to deploy when ARM would change nothing AND the service works as it is: an unchanged
     * redeploy is still needed when it cannot use its identity (the identity moved) or Resource
     * Health reports it unavailable (an outage past 30 minutes needs the key re-validated).
     */
    private static boolean inPlace(AzureSession session, ServiceId id) {
        var facts = new FactsCollector(session).collect(new FactsRequest(id, null, id.subscriptionId()));
        if (new RequirementsChecker(CheckSettings.defaults()).check(id.armId(), facts).hasFailures(false)) {
            return false;
        }
        try {
            return !new ResourceHealthReader(session.arm()).read(id).unavailable();
        } catch (dev.dicomcmk.azure.AzureFailure f) {
            if (f.kind() == dev.dicomcmk.azure.AzureFailure.Kind.FORBIDDEN || f.kind() == dev.dicomcmk.azure.AzureFailure.Kind.NOT_FOUND) {
                return true;
            }
            throw f;
        }
    }
}
