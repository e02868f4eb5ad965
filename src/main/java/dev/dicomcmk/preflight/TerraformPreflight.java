package dev.dicomcmk.preflight;

import dev.dicomcmk.preflight.TerraformPlan.Instance;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.requirements.RequirementsChecker;
import dev.dicomcmk.requirements.Verdict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline CI preflight for Terraform: reads the JSON of {@code terraform show -json tfplan}
 * and judges every azurerm_healthcare_dicom_service with an encryption_key_url through the
 * shared {@link RequirementsChecker}, each finding at the resource address that decides it (and
 * that resource's place in the plan file, which carries no .tf line numbers).
 */
public final class TerraformPreflight {

    private final PreflightSettings settings;

    public TerraformPreflight(PreflightSettings settings) {
        this.settings = settings;
    }

    /** @throws InvalidTemplateException when the file cannot be read or is not a plan's JSON */
    public List<Report> check(Path planFile, String displayName) {
        JsonFile file;
        try {
            file = JsonFile.read(planFile, displayName);
        } catch (InvalidTemplateException e) {
            // the usual slip is passing the binary plan itself
            throw new InvalidTemplateException(e.getMessage().contains("no such file") ? e.getMessage()
                    : e.getMessage() + "; pass the JSON of the plan: terraform show -json tfplan > tfplan.json");
        }
        return check(file);
    }

    public List<Report> check(JsonFile file) {
        TerraformPlan plan = TerraformPlan.read(file);
        RequirementsChecker checker = new RequirementsChecker(settings.checks());
        List<Report> reports = new ArrayList<>();
        for (Instance service : plan.ofType(TerraformChain.DICOM)) {
            TerraformPlan.Value url = TerraformPlan.value(service, "encryption_key_url");
            if (url.known() && (url.text() == null || url.text().isBlank())) {
                continue; // no customer-managed key
            }
            TerraformChain chain = TerraformChain.of(service, plan, settings);
            String subject = service.address() + " (" + plan.moduleDirectory(service) + ", " + file.displayName() + ")";
            Report report = checker.check(subject, chain.facts());
            List<Finding> placed = new ArrayList<>();
            for (Finding f : report.findings()) {
                placed.add(inTerraformTerms(f, chain).at(place(f.requirement(), chain, plan)));
            }
            reports.add(new Report(report.subject(), report.keyUrl(), report.checkedAt(), placed));
        }
        return reports;
    }

    private static Finding inTerraformTerms(Finding f, TerraformChain chain) {
        if (f.requirement() == Requirement.KEY_ROTATION_AGE && f.verdict() == Verdict.SKIP && chain.key() != null
                && chain.facts().key().isKnown()) {
            return new Finding(f.requirement(), Verdict.SKIP,
                    Symbols.notDeterminable("the key version's creation time is known only to Key Vault"), f.remedy(), null);
        }
        boolean hsm = chain.key() != null && chain.key().type().equals(TerraformChain.HSM_KEY);
        String remedy = hsm ? TerraformRemedies.ofManagedHsm(f.requirement()) : TerraformRemedies.of(f.requirement());
        return remedy == null || f.verdict() == Verdict.PASS || f.verdict() == Verdict.SKIP ? f
                : new Finding(f.requirement(), f.verdict(), f.detail(), remedy, null);
    }

    /** The resource address (and attribute) that decides the finding, and its line in the plan file. */
    private static Finding.Location place(Requirement r, TerraformChain c, TerraformPlan plan) {
        return switch (r) {
            case KEY_URL_VERSIONED, KEY_LOCATION -> at(plan, c.service(), "encryption_key_url");
            case KEY_TYPE -> at(plan, or(c.key(), c.service()), "key_type");
            case KEY_SIZE -> at(plan, or(c.key(), c.service()), "key_size");
            case KEY_OPS -> at(plan, or(c.key(), c.service()), "key_opts");
            case KEY_ENABLED, KEY_EXPIRY_HORIZON -> at(plan, or(c.key(), c.service()), "expiration_date");
            case KEY_OLD_VERSIONS_ENABLED, KEY_ROTATION_AGE -> at(plan, or(c.key(), c.service()), "");
            case KEY_AUTO_ROTATION_GAP -> at(plan, or(c.key(), c.service()), "rotation_policy");
            case VAULT_SOFT_DELETE -> at(plan, or(c.vault(), c.service()), "soft_delete_retention_days");
            case VAULT_PURGE_PROTECTION -> at(plan, or(c.vault(), c.service()), "purge_protection_enabled");
            case VAULT_SAME_TENANT -> at(plan, or(c.vault(), c.service()), "tenant_id");
            case VAULT_FIREWALL_BYPASS -> at(plan, or(c.vault(), c.service()), "network_acls");
            case SERVICE_IDENTITY, MHSM_PRIVATE_UAMI -> at(plan, c.service(), "identity");
            case IDENTITY_KEY_ACCESS, IDENTITY_LEAST_PRIVILEGE -> c.access() == null ? at(plan, c.service(), "identity")
                    : at(plan, c.access(), c.access().type().equals("azurerm_role_assignment") ? "role_definition_name"
                    : c.access().type().equals(TerraformChain.HSM_ROLE_ASSIGNMENT) ? "role_definition_id"
                    : c.access().type().equals(TerraformChain.VAULT) ? "access_policy" : "key_permissions");
        };
    }

    private static Instance or(Instance preferred, Instance fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static Finding.Location at(TerraformPlan plan, Instance instance, String attribute) {
        boolean declared = !attribute.isEmpty() && instance.values().has(attribute);
        return new Finding.Location(plan.file().displayName(), instance.address() + (declared ? "." + attribute : ""),
                plan.line(instance, declared ? attribute : ""));
    }
}
