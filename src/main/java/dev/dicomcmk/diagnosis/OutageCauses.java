package dev.dicomcmk.diagnosis;

import dev.dicomcmk.model.DiagnosisFacts;
import dev.dicomcmk.model.Durations;
import dev.dicomcmk.model.HealthFacts;
import dev.dicomcmk.model.ProbeResult;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.requirements.Verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the service itself shows (Resource Health, and the DICOM API with --probe), laid beside the
 * causes: as evidence for the top cause when one explains the outage; as its own cause when none
 * does — access already restored (recovering, or past 30 minutes and waiting for a redeploy), or
 * not explainable from what this identity could read.
 */
final class OutageCauses {

    private final DiagnosisFacts facts;
    private final Report report;
    private final Fixes fixes;

    OutageCauses(DiagnosisFacts facts, Report report) {
        this.facts = facts;
        this.report = report;
        this.fixes = new Fixes(facts.service());
    }

    /** The causes ranked, with the outage's evidence attached or its own cause added. */
    List<Cause> apply(List<Cause> found) {
        List<Cause> causes = new ArrayList<>(found);
        List<String> outage = outageEvidence();
        if (causes.stream().anyMatch(Cause::breaksAccess)) {
            causes.sort(Comparator.comparing(Cause::kind));
            causes.set(0, causes.get(0).withEvidence(outage));
            return causes;
        }
        if (!outage.isEmpty()) {
            causes.add(outageCause(outage));
        }
        causes.sort(Comparator.comparing(Cause::kind));
        return causes;
    }

    private Cause outageCause(List<String> outage) {
        if (!accessLooksRestored()) {
            List<String> evidence = new ArrayList<>(outage);
            for (Requirement r : List.of(Requirement.KEY_ENABLED, Requirement.IDENTITY_KEY_ACCESS)) {
                Finding f = report.finding(r);
                evidence.add(CauseFinder.evidence(f));
            }
            return Cause.of(CauseKind.UNEXPLAINED_OUTAGE, evidence, List.of(
                    "Run diagnose again as an identity that may read the key, the vault and its role assignments "
                            + "(the SKIP reasons above say what was refused)",
                    "If it stays unexplained, contact Azure support with this output"), null);
        }
        Duration down = downFor();
        List<String> evidence = new ArrayList<>(outage);
        evidence.add("the key is enabled and the service's identity may use it (KEY-ENABLED, IDENTITY-KEY-ACCESS pass)");
        if (down != null && down.compareTo(Timeline.SELF_RECOVERY_LIMIT) > 0) {
            return Cause.of(CauseKind.NEEDS_REDEPLOY, evidence, List.of(fixes.redeploy()), null);
        }
        return Cause.of(CauseKind.RECOVERING, evidence, List.of(fixes.watch()), null);
    }

    /**
     * The service itself says it works: Resource Health Available and, when asked, the DICOM API not failing. A
     * cause found in the facts then has not stopped the service (yet), so it is not called an outage.
     */
    static boolean serviceShowsItWorks(DiagnosisFacts facts) {
        HealthFacts h = facts.health().orElse(null);
        if (h == null || !"Available".equalsIgnoreCase(h.availabilityState())) {
            return false;
        }
        ProbeResult p = facts.probe().orElse(null);
        return p == null || !p.serverError();
    }

    /** The checker says the key and the identity's access are fine now. */
    private boolean accessLooksRestored() {
        return report.finding(Requirement.KEY_ENABLED).verdict() == Verdict.PASS
                && report.finding(Requirement.IDENTITY_KEY_ACCESS).verdict() == Verdict.PASS;
    }

    private Duration downFor() {
        HealthFacts h = facts.health().orElse(null);
        return h == null || h.occurredTime() == null ? null : Duration.between(h.occurredTime(), facts.now());
    }

    /** Resource Health and the probe, when they show the service failing. */
    private List<String> outageEvidence() {
        List<String> lines = new ArrayList<>();
        HealthFacts h = facts.health().orElse(null);
        if (h != null && h.unavailable()) {
            Duration down = downFor();
            lines.add("Resource Health: " + h.availabilityState()
                    + (h.occurredTime() == null ? "" : " since " + h.occurredTime()
                    + (down == null || down.isNegative() ? "" : " (" + Durations.human(down) + " ago)"))
                    + (h.reasonType() == null ? "" : ", " + h.reasonType())
                    + (h.summary() == null ? "" : ": " + h.summary()));
        }
        ProbeResult p = facts.probe().orElse(null);
        if (p != null && p.serverError()) {
            lines.add("DICOM API: GET " + p.url() + " answered " + p.status() + " (" + p.detail() + ")");
        }
        return lines;
    }
}
