package dev.dicomcmk.diagnosis;

import dev.dicomcmk.model.DiagnosisFacts;
import dev.dicomcmk.diagnosis.Diagnosis.Status;
import dev.dicomcmk.model.Durations;
import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.RequirementsChecker;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The lost-key-access runbook as code: judge the facts with the shared requirements checker, name
 * and rank the causes with their fixes, date the outage, and say what to do in that time bucket.
 * Pure: no I/O, no clock of its own (the facts carry Azure's "now").
 */
public final class Runbook {

    private final RequirementsChecker checker;

    public Runbook(CheckSettings settings) {
        this.checker = new RequirementsChecker(settings);
    }

    public Diagnosis diagnose(DiagnosisFacts facts) {
        Report report = checker.check(facts.service().armId(), facts.cmk());
        List<Cause> causes = new OutageCauses(facts, report).apply(new CauseFinder(facts, report).find());
        // a dated cause (a key disabled or deleted at a known time) broke access then, whatever a lagging Resource
        // Health still says; an undated one (a key of the wrong type) has not stopped a service that says it works
        boolean works = OutageCauses.serviceShowsItWorks(facts)
                && causes.stream().filter(Cause::breaksAccess).allMatch(c -> c.since() == null);
        Timeline timeline = new TimelineBuilder(facts).build(causes, works);
        List<Finding> gaps = ReadGaps.of(report);
        Status status = status(causes, works, gaps);
        return new Diagnosis(facts.service().armId(), status, summary(facts, status, causes, timeline, gaps),
                facts.health().orElse(null), causes,
                timeline, nextSteps(facts, status, causes, timeline), CheckedSummary.of(facts, report), report);
    }

    /**
     * Broken when a cause stops the service and the service does not show otherwise; at risk when it still works
     * (Resource Health Available, the probe answering) though a cause will stop it, or when only a requirement that
     * cannot stop it fails; unknown when nothing was found but a check that decides it could not be read.
     */
    private static Status status(List<Cause> causes, boolean works, List<Finding> gaps) {
        if (causes.stream().anyMatch(Cause::breaksAccess)) {
            return works ? Status.AT_RISK : Status.BROKEN;
        }
        if (!gaps.isEmpty()) {
            return Status.UNKNOWN;
        }
        return causes.isEmpty() ? Status.HEALTHY : Status.AT_RISK;
    }

    private static String summary(DiagnosisFacts facts, Status status, List<Cause> causes, Timeline timeline,
                                  List<Finding> gaps) {
        String name = facts.service().shortName();
        String failing = causes.size() + " CMK requirement(s) fail: " + String.join(", ", causes.stream().map(Cause::id).toList());
        return switch (status) {
            case HEALTHY -> name + " is healthy: it can use its key and no CMK requirement fails";
            case UNKNOWN -> name + ": cannot tell whether it can use its key: " + ReadGaps.describe(gaps)
                    + facts.health().map(h -> "; Resource Health says " + h.availabilityState()).orElse("")
                    + (causes.isEmpty() ? "" : "; " + failing);
            case AT_RISK -> causes.stream().anyMatch(Cause::breaksAccess)
                    ? name + " is available (Resource Health says " + facts.health().value().availabilityState()
                    + "), but its key cannot work: " + lower(causes.get(0).title())
                    + "; fix it before the service next needs the key"
                    : name + " can use its key, but " + failing;
            case BROKEN -> {
                Cause top = causes.get(0);
                String when = timeline.elapsed() == null ? "" : " (access broke " + Durations.human(timeline.elapsed())
                        + " ago, " + (timeline.bucket() == Timeline.Bucket.UNDER_30_MINUTES ? "under" : "over")
                        + " 30 minutes)";
                yield top.kind() == CauseKind.RECOVERING ? name + " is recovering: " + lower(top.title()) + when
                        : name + " cannot use its key: " + lower(top.title()) + when;
            }
        };
    }

    /** The fixes of the breaking causes in rank order, the timeline's next command, then the risks' fixes. */
    private static List<String> nextSteps(DiagnosisFacts facts, Status status, List<Cause> causes, Timeline timeline) {
        Fixes fixes = new Fixes(facts.service());
        Set<String> steps = new LinkedHashSet<>();
        causes.stream().filter(Cause::breaksAccess).forEach(c -> steps.addAll(c.fix()));
        if (status == Status.UNKNOWN) {
            steps.add("Run diagnose again as an identity that may read what was refused (the SKIP reasons say what)");
        }
        switch (timeline.bucket()) {
            case UNDER_30_MINUTES, UNKNOWN -> steps.add(fixes.watch());
            case OVER_30_MINUTES -> {
                steps.add(fixes.redeploy());
                steps.add("If it stays unavailable: contact Azure support with this command's output (-o json)");
            }
            default -> { }
        }
        causes.stream().filter(c -> !c.breaksAccess()).forEach(c -> steps.addAll(c.fix()));
        return List.copyOf(steps);
    }

    private static String lower(String title) {
        return title.isEmpty() ? title : Character.toLowerCase(title.charAt(0)) + title.substring(1);
    }
}
