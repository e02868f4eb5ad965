package dev.dicomcmk.cli;

import dev.dicomcmk.app.Preflight;
import dev.dicomcmk.azure.CloudProfile;
import dev.dicomcmk.output.GithubAnnotations;
import dev.dicomcmk.output.OutputFormat;
import dev.dicomcmk.preflight.DnsSuffixes;
import dev.dicomcmk.preflight.PreflightSettings;
import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.requirements.Report;

import java.nio.file.Path;
import java.util.List;

/**
 * validate-key --template and --terraform-plan: runs the offline preflight and prints its reports like any other
 * validate-key run, plus GitHub annotations when it runs under GitHub Actions.
 */
final class TemplateCheck {

    private final DicomCmkCommand root;
    private final CheckSettings checks;
    private final boolean strict;

    TemplateCheck(DicomCmkCommand root, CheckSettings checks, boolean strict) {
        this.root = root;
        this.checks = checks;
        this.strict = strict;
    }

    int run(Path template, Path parameters, Path junit, Path sarif) {
        return report(new Preflight(settings()).template(template, parameters), template, junit, sarif);
    }

    /** validate-key --terraform-plan: the same outputs, from the JSON of 'terraform show -json'. */
    int runPlan(Path plan, Path junit, Path sarif) {
        return report(new Preflight(settings()).terraformPlan(plan), plan, junit, sarif);
    }

    private PreflightSettings settings() {
        CloudProfile cloud = root.azure().cloud();
        return new PreflightSettings(checks, root.environment().clock().instant(),
                new DnsSuffixes(cloud.keyVaultDnsSuffix(), cloud.managedHsmDnsSuffix()),
                root.global().subscription(), root.global().tenant());
    }

    private int report(List<Report> reports, Path template, Path junit, Path sarif) {
        if (reports.isEmpty()) {
            // a preflight that checked nothing must not look like one that passed: a renamed
            // resource type or a dropped encryption block would otherwise go green in CI
            root.environment().err().println("dicom-cmk validate-key: no DICOM service with a customer-managed key in "
                    + template + " (nothing checked)");
            root.environment().err().flush();
            return ExitCode.REQUIREMENTS_NOT_MET.code();
        }
        int exit = reports.stream().anyMatch(r -> r.hasFailures(strict))
                ? ExitCode.REQUIREMENTS_NOT_MET.code() : ExitCode.OK.code();
        new ReportPrinter(root.global(), root.environment()).print("validate-key", reports, strict, exit);
        if ("true".equalsIgnoreCase(root.environment().getenv("GITHUB_ACTIONS"))
                && root.global().output() == OutputFormat.TABLE) {
            // (not into JSON or Markdown: those are files for programs and job summaries)
            // GitHub reads workflow commands from stdout; after the table so that the log reads naturally
            new GithubAnnotations(strict).write(reports, root.environment().out());
        }
        ReportFiles.write(junit, sarif, reports, strict);
        return exit;
    }
}
