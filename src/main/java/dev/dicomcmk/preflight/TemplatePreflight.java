package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.requirements.RequirementsChecker;
import dev.dicomcmk.requirements.Verdict;
import dev.dicomcmk.template.expressions.DeploymentScope;
import dev.dicomcmk.template.expressions.EvaluationContext;
import dev.dicomcmk.template.expressions.ExpressionException;
import dev.dicomcmk.template.expressions.ResolvedResource;
import dev.dicomcmk.template.expressions.TemplateResolver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline CI preflight: reads an ARM template (and its parameters), resolves it as ARM
 * would with everything deployment-time left symbolic, and judges every DICOM service with a
 * customer-managed key through the shared {@link RequirementsChecker}. No network, no
 * credentials: what the files do not determine is skipped with the reason.
 */
public final class TemplatePreflight {

    private static final Pattern RESOURCE_POINTER = Pattern.compile("'(/resources/[^']*)'");

    private final PreflightSettings settings;

    public TemplatePreflight(PreflightSettings settings) {
        this.settings = settings;
    }

    /**
     * @param templateName   the template path as the user gave it (findings repeat it)
     * @param parametersName likewise for the parameters file; both null when there is none
     * @return one report per DICOM service with a customer-managed key, in deployment order; empty when there is none
     * @throws InvalidTemplateException when a file cannot be read or the template cannot be resolved
     */
    public List<Report> check(Path template, String templateName, Path parameters, String parametersName) {
        JsonFile templateFile = JsonFile.read(template, templateName);
        JsonFile parametersFile = parameters == null ? null : JsonFile.read(parameters, parametersName);
        return check(templateFile, parametersFile);
    }

    public List<Report> check(JsonFile template, JsonFile parameters) {
        SymbolicParameters.Prepared prepared = SymbolicParameters.prepare(template.tree(),
                parameters == null ? null : parameters.tree());
        SymbolicReferences references = new SymbolicReferences();
        String tenant = settings.tenantId() != null ? settings.tenantId() : Symbols.TENANT_ID;
        String subscription = settings.subscriptionId() != null ? settings.subscriptionId() : Symbols.SUBSCRIPTION_ID;
        DeploymentScope scope = new DeploymentScope(subscription, tenant,
                Symbols.RESOURCE_GROUP, null, Symbols.DEPLOYMENT, EvaluationContext.Mode.LENIENT, references);
        List<ResolvedResource> resolved;
        try {
            resolved = new TemplateResolver(scope).resolve(prepared.template(), prepared.parameters());
        } catch (ExpressionException e) {
            throw new InvalidTemplateException(where(template, e.getMessage()) + ": " + e.getMessage());
        }
        TemplateResources resources = new TemplateResources(resolved, references,
                "/subscriptions/" + subscription + "/resourceGroups/" + Symbols.RESOURCE_GROUP);
        RequirementsChecker checker = new RequirementsChecker(settings.checks());
        FindingPlaces places = new FindingPlaces(template, parameters);
        List<Report> reports = new ArrayList<>();
        for (ResolvedResource resource : resources.ofType(ServiceId.RESOURCE_TYPE)) {
            if (!hasCustomerManagedKey(resource)) {
                continue;
            }
            TemplateFacts facts = TemplateFacts.of(resource, resources, settings.dns(), tenant, settings.now(),
                    template.displayName());
            String subject = resource.name() + " (" + template.displayName() + " " + resource.jsonPointer() + ")";
            Report report = checker.check(subject, facts.facts());
            List<Finding> located = new ArrayList<>();
            for (Finding f : report.findings()) {
                located.add(offline(f, facts).at(places.of(f.requirement(), facts)));
            }
            reports.add(new Report(report.subject(), report.keyUrl(), report.checkedAt(), located));
        }
        return reports;
    }

    private static boolean hasCustomerManagedKey(ResolvedResource dicom) {
        JsonNode kek = dicom.body().at(TemplateService.KEK_POINTER);
        return !kek.isMissingNode() && !kek.isNull() && !(kek.isTextual() && kek.textValue().isBlank());
    }

    /**
     * The checker words a missing creation time as Key Vault's silence; for a key declared in a
     * template the reason is that only Key Vault will know it. The verdict stays the checker's.
     */
    private static Finding offline(Finding f, TemplateFacts facts) {
        if (f.requirement() == Requirement.KEY_ROTATION_AGE && f.verdict() == Verdict.SKIP && facts.keyResource() != null
                && facts.facts().key().isKnown()) {
            return new Finding(f.requirement(), Verdict.SKIP,
                    Symbols.notDeterminable("the key version's creation time is known only to Key Vault"), f.remedy(), null,
                    dev.dicomcmk.model.SkipKind.OFFLINE);
        }
        return f;
    }

    /** "file:line" of the resource an error message names, else just the file. */
    private static String where(JsonFile template, String message) {
        Matcher m = message == null ? null : RESOURCE_POINTER.matcher(message);
        if (m != null && m.find()) {
            int line = template.lines().line(m.group(1));
            if (line > 0) {
                return template.displayName() + ":" + line;
            }
        }
        return template.displayName();
    }
}
