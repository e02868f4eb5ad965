package dev.dicomcmk.app;

import dev.dicomcmk.preflight.PreflightSettings;
import dev.dicomcmk.preflight.TemplatePreflight;
import dev.dicomcmk.preflight.TerraformPreflight;
import dev.dicomcmk.requirements.Report;

import java.nio.file.Path;
import java.util.List;

/**
 * validate-key --template and --terraform-plan's use case: the offline preflight (no credentials, no
 * network) of an ARM template or a Terraform plan, one report per DICOM service with a customer-managed
 * key in it; none when it has no such service (the caller must not let that pass as green).
 */
public final class Preflight {

    private final PreflightSettings settings;

    public Preflight(PreflightSettings settings) {
        this.settings = settings;
    }

    /** @param parameters the template's parameters file, or null */
    public List<Report> template(Path template, Path parameters) {
        return new TemplatePreflight(settings).check(template, template.toString(), parameters,
                parameters == null ? null : parameters.toString());
    }

    /** The JSON of 'terraform show -json'. */
    public List<Report> terraformPlan(Path plan) {
        return new TerraformPreflight(settings).check(plan, plan.toString());
    }
}
