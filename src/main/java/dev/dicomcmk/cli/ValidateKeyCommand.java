package dev.dicomcmk.cli;

import dev.dicomcmk.azure.adapters.AzureCheckPort;
import dev.dicomcmk.azure.adapters.AzureFleetCheckPort;
import dev.dicomcmk.app.FleetCheck;
import dev.dicomcmk.app.ValidateKey;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.requirements.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** validate-key: checks a key (alone, as a service's current key, or as a candidate for a service). */
@Command(name = "validate-key",
        sortOptions = false,
        header = "Check a key against every DICOM CMK requirement.",
        description = {
            "With --key-url: the key and its vault. With --service: the service's current key, plus its identity "
                + "and that identity's access. With both: the key as a candidate for that service.",
            "With --template (and --parameters): an ARM template, offline (CI preflight): every DICOM service in it "
                + "with a customer-managed key, each finding at its file and line; what the files do not determine "
                + "is SKIP. No credentials, no network. A template without such a service exits 3.",
            "With --terraform-plan: the JSON of 'terraform show -json tfplan', offline, the same way: every "
                + "azurerm_healthcare_dicom_service with an encryption_key_url, each finding at its resource address; "
                + "values known only after apply are SKIP.",
            "With --all: every DICOM service with a customer-managed key in the subscription (or --resource-group), "
                + "--parallel at a time: one row a service (service, key version, verdict, first failing requirement) "
                + "and a summary counted in services; the full reports with -v or -o json.",
            "Exit 0 when nothing fails, 3 when a requirement fails (or, with --strict, warns or could not be read); "
                + "6 when Azure's answer about the service itself cannot be read; with --all, the worst exit code of "
                + "all services."})
public final class ValidateKeyCommand implements Callable<Integer> {

    @ParentCommand
    DicomCmkCommand root;

    @Mixin
    ServiceOptions serviceOptions;

    @Option(names = "--key-url", paramLabel = "URL",
            description = "A versioned key identifier: https://<vault>.vault.azure.net/keys/<key>/<version> "
                    + "(or a Managed HSM key).")
    String keyUrl;

    @Option(names = "--template", paramLabel = "FILE",
            description = "Check this ARM template offline instead of Azure (excludes --service and --key-url).")
    Path template;

    @Option(names = "--terraform-plan", paramLabel = "FILE",
            description = "Check this Terraform plan offline: the JSON of 'terraform show -json tfplan' "
                    + "(excludes --template, --service and --key-url).")
    Path terraformPlan;

    @Option(names = "--parameters", paramLabel = "FILE",
            description = "The template's parameters file (with --template).")
    Path parameters;

    @Option(names = "--all", description = "Check every DICOM service with a customer-managed key in the subscription, "
            + "or in --resource-group.")
    boolean all;

    @Mixin
    FleetScopeOptions fleetScope;

    @Option(names = "--parallel", paramLabel = "N",
            description = "With --all: check this many services at a time (default: ${DEFAULT-VALUE}).")
    int parallel = 4;

    @Option(names = "--strict", description = "Treat warnings, and SKIPs of what could not be read, as failures "
            + "(exit 3); SKIPs that do not apply or are not determinable offline still pass.")
    boolean strict;

    @Option(names = "--expiry-horizon", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Warn when the key expires within this (default: 30d).")
    Duration expiryHorizon = CheckSettings.DEFAULT_EXPIRY_HORIZON;

    @Option(names = "--max-age", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Warn when the key version is older than this (KEY-ROTATION-AGE; default: 365d).")
    Duration maxAge = CheckSettings.DEFAULT_MAX_AGE;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the findings as JUnit XML.")
    Path junit;

    @Option(names = "--sarif", paramLabel = "FILE", description = "Also write the findings as SARIF 2.1.0.")
    Path sarif;

    @Override
    public Integer call() {
        if (terraformPlan != null) {
            return checkTerraformPlan();
        }
        if (template != null || parameters != null) {
            return checkTemplate();
        }
        if (all || fleetScope.active()) {
            return checkAll();
        }
        if (serviceOptions.service() == null && keyUrl == null) {
            throw new InvalidInputException("validate-key needs --service, --key-url, or both; "
                    + "see 'dicom-cmk validate-key --help'");
        }
        AzureContext azure = root.azure();
        ReportFiles.checkWritable(junit, sarif);
        String subscription = azure.subscriptionOrNull();
        ServiceId service = serviceOptions.service() == null ? null
                : ServiceId.parse(serviceOptions.service(), serviceOptions.resourceGroup(), subscription);
        KeyUrl candidate = keyUrl == null ? null
                : KeyUrl.parse(keyUrl, azure.cloud().keyVaultDnsSuffix(), azure.cloud().managedHsmDnsSuffix());
        if (candidate != null && !candidate.isVersioned()) {
            throw new InvalidInputException("--key-url " + candidate.url() + " names no version, and the DICOM service "
                    + "needs a versioned key (KEY-URL-VERSIONED); add one: az keyvault key list-versions --id "
                    + candidate.url());
        }

        Report report = new ValidateKey(new AzureCheckPort(azure.session()), new CheckSettings(expiryHorizon, maxAge))
                .check(service, candidate, subscription);

        int exit = report.hasFailures(strict) ? ExitCode.REQUIREMENTS_NOT_MET.code() : ExitCode.OK.code();
        ReportPrinter printer = new ReportPrinter(root.global(), root.environment());
        printer.print("validate-key", List.of(report), strict, exit);
        ReportFiles.write(junit, sarif, List.of(report), strict);
        return exit;
    }

    private int checkAll() {
        if (serviceOptions.service() != null || keyUrl != null) {
            throw new InvalidInputException((all ? "--all" : fleetScope.named()) + " checks every service and excludes "
                    + "--service and --key-url; drop one");
        }
        if (parallel < 1 || parallel > 64) {
            throw new InvalidInputException("--parallel " + parallel + " must be between 1 and 64");
        }
        AzureContext azure = root.azure();
        ReportFiles.checkWritable(junit, sarif);
        String subscription = azure.subscriptionOrNull();
        FleetSelection selection = fleetScope.active() ? FleetSelection.of(fleetScope, serviceOptions.resourceGroup(), azure) : null;
        if (subscription == null && selection == null) {
            throw new InvalidInputException("--all needs a subscription: --subscription or AZURE_SUBSCRIPTION_ID");
        }
        FleetCheckListener listener = new FleetCheckListener(root);
        FleetCheck check = new FleetCheck(new AzureFleetCheckPort(azure.session(), f -> ErrorHandlers.exitCodeOf(f).code()),
                new CheckSettings(expiryHorizon, maxAge), strict, listener);
        // across subscriptions the services come from one Resource Graph query, their properties with them
        FleetCheck.Result result = selection == null ? check.run(subscription, serviceOptions.resourceGroup(), parallel)
                : check.run(selection.toCheck(), parallel, FleetSelection::rowName);
        int exit = Math.max(result.worstError(), result.reports().stream().anyMatch(r -> r.hasFailures(strict))
                ? ExitCode.REQUIREMENTS_NOT_MET.code() : ExitCode.OK.code());
        new ReportPrinter(root.global(), root.environment()).printFleet("validate-key", result.entries(),
                result.reports(), result.withoutCmk(), strict, exit);
        ReportFiles.write(junit, sarif, result.reports(), strict);
        if (result.reports().isEmpty() && result.worstError() == 0) {
            listener.nothingChecked(selection != null ? selection.describe() : "in " + (serviceOptions.resourceGroup() == null
                    ? "subscription " + subscription : "resource group " + serviceOptions.resourceGroup()));
        }
        return exit;
    }

    private int checkTerraformPlan() {
        if (template != null || parameters != null || serviceOptions.service() != null || keyUrl != null || all
                || fleetScope.active()) {
            throw new InvalidInputException("--terraform-plan checks a plan offline and excludes --template, --parameters, "
                    + "--service, --key-url and --all; drop them");
        }
        ReportFiles.checkWritable(junit, sarif);
        return new TemplateCheck(root, new CheckSettings(expiryHorizon, maxAge), strict)
                .runPlan(terraformPlan, junit, sarif);
    }

    private int checkTemplate() {
        if (template == null) {
            throw new InvalidInputException("--parameters needs --template; see 'dicom-cmk validate-key --help'");
        }
        String name = template.getFileName() == null ? "" : template.getFileName().toString();
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".bicep")) {
            String path = template.toString();
            String json = path.substring(0, path.length() - ".bicep".length()) + ".json";
            throw new InvalidInputException("--template " + template + " is Bicep; compile it first (az bicep build --file "
                    + template + ") and pass the JSON (--template " + json + ")");
        }
        if (serviceOptions.service() != null || keyUrl != null) {
            throw new InvalidInputException("--template checks a template offline and excludes --service and --key-url; "
                    + "drop one of them");
        }
        ReportFiles.checkWritable(junit, sarif);
        return new TemplateCheck(root, new CheckSettings(expiryHorizon, maxAge), strict)
                .run(template, parameters, junit, sarif);
    }
}
