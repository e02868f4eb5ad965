package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.azure.adapters.AzureDeployPort;
import dev.dicomcmk.app.DeployPort;
import dev.dicomcmk.template.ServiceTemplates;
import dev.dicomcmk.app.UpdateViaArm;
import dev.dicomcmk.identity.IdentityPlanner;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.template.DesiredState;
import dev.dicomcmk.template.RenderedTemplate;
import dev.dicomcmk.template.ServiceResourceFile;
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
        DeployPort port = fromFile != null ? null : new AzureDeployPort(azure.session());
        JsonNode current = fromFile != null ? ServiceResourceFile.load(fromFile) : port.service(id);
        RenderedTemplate rendered = ServiceTemplates.render(current, new DesiredState(key == null ? null : key.url(),
                systemAssigned ? Boolean.TRUE : null, added, List.of()), Version.VERSION);
        TemplateOutputs out = new TemplateOutputs(root);
        if (!online) {
            return out.write(rendered, outDir);
        }
        UpdateViaArm update = new UpdateViaArm(port, out);
        UpdateViaArm.Request request = new UpdateViaArm.Request(id, current, rendered, key, force, SameCommand.of(root));
        if (action.whatIf) {
            UpdateViaArm.WhatIf preview = update.whatIf(request);
            return out.whatIf(preview.result(), preview.deployment());
        }
        return out.print(update.deploy(request, () -> azure.journal(journalFile, out::say),
                (shown, question) -> Confirmation.confirm(root, shown, question)), id, force);
    }
}
