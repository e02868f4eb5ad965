package dev.dicomcmk.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.access.OperatorNeeds;
import dev.dicomcmk.model.DeploymentFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.RequirementsChecker;
import dev.dicomcmk.requirements.Verdict;
import dev.dicomcmk.rotation.Journal;
import dev.dicomcmk.rotation.JournalEntry;
import dev.dicomcmk.template.WhatIfChanges;
import dev.dicomcmk.template.RenderedTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * update-via-arm's use case online: ARM's what-if of the rendered template, or its deployment: the
 * operator's permissions, an earlier run's open deployment ended from ARM, the shared key check (a key
 * version that cannot be used is never deployed; a failing requirement only with --force), what-if,
 * consent, and the deployment journaled before it is sent.
 */
public final class UpdateViaArm {

    /**
     * @param current  the service's whole resource, the template rendered from it
     * @param key      the key the template sets, or null: it keeps the current one
     * @param instead  the command line someone holding a missing permission can run instead
     */
    public record Request(ServiceId id, JsonNode current, RenderedTemplate rendered, KeyUrl key, boolean force,
                          String instead) {
    }

    /** How a run ended, for the printer. */
    public sealed interface Outcome permits WhatIf, RefusedKey, Refused, InPlace, Deployed {
    }

    public record WhatIf(JsonNode result, String deployment) implements Outcome {
    }

    /** A key version that does not exist or is disabled: never deployed, --force or not. */
    public record RefusedKey(Report check, DeploymentCheck.Refusal refusal) implements Outcome {
    }

    /** A requirement fails and --force is absent. */
    public record Refused(Report check) implements Outcome {
    }

    /** ARM would change nothing and the service works as it is. */
    public record InPlace() implements Outcome {
    }

    /** @param overridden the failing requirements --force deployed past */
    public record Deployed(DeployPort.Deployed deployed, Report check, List<String> overridden) implements Outcome {
    }

    /** What the run tells before it ends: progress, and each failing check --force overrides. */
    public interface Listener {

        void progress(String status);

        void overriding(Report check);
    }

    private final DeployPort azure;
    private final Listener listener;

    public UpdateViaArm(DeployPort azure, Listener listener) {
        this.azure = azure;
        this.listener = listener;
    }

    /** --what-if: the real run's permissions said (a missing one refuses the preview only when it needs it itself). */
    public WhatIf whatIf(Request r) {
        ServiceId id = r.id();
        azure.requirePermissions("update-via-arm --what-if", OperatorNeeds.forDeployment(id.armId(), true, r.instead()),
                listener::progress);
        azure.previewPermissions("--deploy", OperatorNeeds.forDeployment(id.armId(), false, null), listener::progress);
        return new WhatIf(azure.whatIf(id, r.rendered(), listener::progress), azure.deploymentName(id, r.rendered()));
    }

    /**
     * --deploy.
     *
     * @param journal opened after the permission check
     * @param confirm shown ARM's what-if lines and asked the question; throws when the operator declines
     */
    public Outcome deploy(Request r, Supplier<Journal> journal, BiConsumer<List<String>, String> confirm) {
        ServiceId id = r.id();
        RenderedTemplate rendered = r.rendered();
        azure.requirePermissions("update-via-arm --deploy", OperatorNeeds.forDeployment(id.armId(), false, r.instead()),
                listener::progress);
        // an earlier run's deployment that never recorded its end is ended with how ARM says it ended
        WriteJournal writes = new WriteJournal(journal.get(), JournalEntry.UPDATE_VIA_ARM, id.armId(), azure::operator,
                azure::now);
        writes.reconcile(open -> howItEnded(id, open));
        DeploymentCheck.Checked checked = azure.check(id, r.current(), rendered);
        Report check = checked.report();
        DeploymentCheck.Refusal unusable = checked.unusableKey();
        if (unusable != null) {
            // --force overrides requirement verdicts, not the key's existence: the service would lose its data at once
            return new RefusedKey(check, unusable);
        }
        if (check.hasFailures(false) && !r.force()) {
            return new Refused(check);
        }
        List<String> overridden = failing(check);
        if (!overridden.isEmpty()) {
            listener.overriding(check);
        }
        JsonNode preview = azure.whatIf(id, rendered, listener::progress);
        if (!WhatIfChanges.any(preview) && worksAsIs(id)) {
            return new InPlace();
        }
        String name = azure.deploymentName(id, rendered);
        List<String> shown = new ArrayList<>(List.of("what-if of " + name + ":"));
        WhatIfChanges.lines(WhatIfChanges.of(preview)).forEach(l -> shown.add("  " + l));
        confirm.accept(shown, "Deploy " + name + " to " + id.shortName() + "?");
        String oldKey = text(r.current() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : r.current().path("properties").path("encryption").path("customerManagedKeyEncryption")
                .path("keyEncryptionKeyUrl"));
        String plan = "deploy " + name + " to " + id.shortName() + " (identity and key; every other property kept)"
                + (overridden.isEmpty() ? "" : "; --force overrides " + String.join(", ", overridden));
        return new Deployed(writes.write("deploy", oldKey, r.key() == null ? oldKey : r.key().url(), plan, name,
                () -> azure.deploy(id, rendered, listener::progress)), check, overridden);
    }

    /** The IDs of the requirements the check finds failing, in the report's order. */
    static List<String> failing(Report check) {
        return check.findings().stream().filter(f -> f.verdict() == Verdict.FAIL)
                .map(f -> f.requirement().id()).toList();
    }

    /**
     * How an earlier run's deployment that never recorded its end ended, read from ARM by its name; null
     * while it still runs (its attempt stays open).
     */
    private String howItEnded(ServiceId id, JournalEntry open) {
        if (open.deployment() == null) {
            return "failed: no deployment was planned";
        }
        DeploymentFacts d = azure.deploymentEnd(id, open.deployment(), listener::progress);
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
    private boolean worksAsIs(ServiceId id) {
        if (new RequirementsChecker(CheckSettings.defaults()).check(id.armId(), azure.facts(id)).hasFailures(false)) {
            return false;
        }
        return !azure.reportedUnavailable(id);
    }

    /** A JSON value's text, or null when it is absent, null, or not a value. */
    private static String text(JsonNode n) {
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }
}
