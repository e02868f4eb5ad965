package dev.dicomcmk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.app.DeployPort;
import dev.dicomcmk.app.DeploymentCheck;
import dev.dicomcmk.app.UpdateViaArm;
import dev.dicomcmk.template.WhatIfChanges;
import dev.dicomcmk.files.PrivateFiles;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Text;
import dev.dicomcmk.output.JsonOutput;
import dev.dicomcmk.output.OutputFormat;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.template.RenderedTemplate;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What update-via-arm prints or writes: the template files, a what-if, a refusal, a deployment. */
final class TemplateOutputs implements UpdateViaArm.Listener {

    static final String TEMPLATE_FILE = "azuredeploy.json";
    static final String PARAMETERS_FILE = "azuredeploy.parameters.json";

    record Rendered(JsonNode template, JsonNode parameters) {
    }

    record WhatIfView(String deployment, boolean changes, List<WhatIfChanges.Change> resources) {
    }

    /** {@code overridden}: the IDs of the failing requirements --force deployed past (empty without). */
    record DeployedView(String deployment, String service, String keyEncryptionKeyUrl, String identityType,
                        String provisioningState, List<String> overridden) {
    }

    private final DicomCmkCommand root;
    private String lastStatus;

    TemplateOutputs(DicomCmkCommand root) {
        this.root = root;
    }

    private PrintWriter out() {
        return root.environment().out();
    }

    private boolean json() {
        return root.global().output() == OutputFormat.JSON;
    }

    static KeyUrl versionedKey(String text, AzureContext azure) {
        KeyUrl key = KeyUrl.parse(text, azure.cloud().keyVaultDnsSuffix(), azure.cloud().managedHsmDnsSuffix());
        if (!key.isVersioned()) {
            throw new InvalidInputException("--key-url " + key.url() + " names no version; the DICOM service needs a "
                    + "versioned key (KEY-URL-VERSIONED)");
        }
        return key;
    }

    int write(RenderedTemplate rendered, Path dir) {
        if (json()) {
            JsonOutput.write(out(), "update-via-arm", new Rendered(rendered.template(), rendered.parameters()), 0);
            return ExitCode.OK.code();
        }
        ReportFiles.ensureFolder(dir, "--out-dir " + dir);
        Path template = dir.resolve(TEMPLATE_FILE);
        Path parameters = dir.resolve(PARAMETERS_FILE);
        try {
            PrivateFiles.writeAtomically(template, rendered.templateJson().getBytes(StandardCharsets.UTF_8));
            PrivateFiles.writeAtomically(parameters, rendered.parametersJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the template: " + e.getMessage(), e);
        }
        out().println("wrote " + template);
        out().println("wrote " + parameters);
        out().flush();
        return ExitCode.OK.code();
    }

    int inPlace(dev.dicomcmk.model.ServiceId id) {
        String message = "nothing to deploy: " + id.shortName() + " already has this identity and key, and works";
        if (json()) {
            JsonOutput.write(out(), "update-via-arm", new InPlaceView(id.armId(), message), 0);
        } else {
            out().println(message);
        }
        out().flush();
        return ExitCode.OK.code();
    }

    record InPlaceView(String service, String result) {
    }

    int whatIf(JsonNode result, String deployment) {
        List<WhatIfChanges.Change> list = WhatIfChanges.of(result);
        boolean any = list.stream().anyMatch(WhatIfChanges::changes);
        if (json()) {
            JsonOutput.write(out(), "update-via-arm", new WhatIfView(deployment, any, list), any ? 3 : 0);
        } else {
            out().println("what-if of " + deployment + ":");
            WhatIfChanges.lines(list).forEach(l -> out().println("  " + l));
            out().println(any ? "the deployment would change the resources above" : "no change");
        }
        out().flush();
        return any ? ExitCode.REQUIREMENTS_NOT_MET.code() : ExitCode.OK.code();
    }

    int refused(Report check) {
        new ReportPrinter(root.global(), root.environment()).print("update-via-arm", List.of(check), false,
                ExitCode.REQUIREMENTS_NOT_MET.code());
        root.environment().err().println("dicom-cmk: not deployed: the key fails a requirement for this service "
                + "(fix it, or pass --force to deploy anyway)");
        return ExitCode.REQUIREMENTS_NOT_MET.code();
    }

    /** How --deploy ended, printed; answers the exit code. */
    int print(UpdateViaArm.Outcome outcome, dev.dicomcmk.model.ServiceId id, boolean force) {
        if (outcome instanceof UpdateViaArm.RefusedKey r) {
            return refusedKey(r.check(), r.refusal(), force);
        }
        if (outcome instanceof UpdateViaArm.Refused r) {
            return refused(r.check());
        }
        if (outcome instanceof UpdateViaArm.InPlace) {
            return inPlace(id);
        }
        UpdateViaArm.Deployed d = (UpdateViaArm.Deployed) outcome;
        return deployed(d.deployed(), d.check(), d.overridden());
    }

    /** --force: every failing check it overrides, named on stderr before anything is deployed. */
    @Override
    public void overriding(Report check) {
        java.io.PrintWriter err = root.environment().err();
        check.findings().stream().filter(f -> f.verdict() == dev.dicomcmk.requirements.Verdict.FAIL)
                .forEach(f -> err.println("warning: --force overrides " + f.requirement().id() + ": "
                        + Text.escapeControls(f.detail())));
        err.flush();
    }

    /** A key version that does not exist or is disabled: never deployed, --force or not. */
    int refusedKey(Report check, DeploymentCheck.Refusal refusal, boolean force) {
        ExitCode code = refusal.kind() == DeploymentCheck.Unusable.NOT_FOUND ? ExitCode.NOT_FOUND
                : ExitCode.REQUIREMENTS_NOT_MET;
        new ReportPrinter(root.global(), root.environment()).print("update-via-arm", List.of(check), false,
                code.code());
        root.environment().err().println("dicom-cmk: not deployed: " + Text.escapeControls(refusal.why())
                + (force ? " (--force overrides failing requirements, not a key version that cannot be used)" : "")
                + "; choose an existing, enabled version (--key-url)");
        return code.code();
    }

    int deployed(DeployPort.Deployed result, Report check, List<String> overridden) {
        JsonNode s = result.service();
        DeployedView view = new DeployedView(result.deploymentName(), s.path("id").asText(),
                s.path("properties").path("encryption").path("customerManagedKeyEncryption").path("keyEncryptionKeyUrl").asText(null),
                s.path("identity").path("type").asText(null), s.path("properties").path("provisioningState").asText(null),
                overridden);
        if (json()) {
            JsonOutput.write(out(), "update-via-arm", view, 0);
        } else {
            out().println("deployed " + view.deployment() + ": the service reports key "
                    + Text.escapeControls(view.keyEncryptionKeyUrl()) + ", identity " + Text.escapeControls(view.identityType())
                    + ", " + Text.escapeControls(view.provisioningState())
                    + (overridden.isEmpty() ? "" : "; --force overrode " + String.join(", ", overridden)));
        }
        warnUnchecked(check);
        out().flush();
        return ExitCode.OK.code();
    }

    /**
     * Checks that could not be made before deploying (the key unreadable, a permission missing) are
     * said, not silently passed over: the deployment went ahead without them.
     */
    private void warnUnchecked(Report check) {
        List<dev.dicomcmk.requirements.Finding> skipped = check.findings().stream()
                .filter(f -> f.verdict() == dev.dicomcmk.requirements.Verdict.SKIP).toList();
        if (!skipped.isEmpty()) {
            root.environment().err().println("warning: deployed without " + skipped.size() + " check(s) that could not be "
                    + "made (" + String.join(", ", skipped.stream().map(f -> f.requirement().id()).toList()) + "): "
                    + Text.escapeControls(skipped.get(0).detail()) + "; run validate-key when they can be");
            root.environment().err().flush();
        }
    }

    /** A line about the run's own files (a journal moved, a line skipped, a file tightened), on stderr. */
    void say(String line) {
        root.environment().err().println(dev.dicomcmk.model.Text.escapeControls(line));
        root.environment().err().flush();
    }

    @Override
    public void progress(String status) {
        if (root.global().quiet() || status.equals(lastStatus)) {
            return;
        }
        lastStatus = status;
        root.progress().step(status);
    }
}
