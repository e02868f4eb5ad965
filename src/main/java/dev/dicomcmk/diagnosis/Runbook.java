package dev.dicomcmk.diagnosis;

import dev.dicomcmk.diagnosis.Diagnosis.Status;
import dev.dicomcmk.model.Durations;
import dev.dicomcmk.requirements.CheckSettings;
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
        Timeline timeline = new TimelineBuilder(facts).build(causes);
        Status status = causes.stream().anyMatch(Cause::breaksAccess) ? Status.BROKEN
                : causes.isEmpty() ? Status.HEALTHY : Status.AT_RISK;
        return new Diagnosis(facts.service().armId(), status, summary(facts, status, causes, timeline),
                facts.health().orElse(null), causes,
                timeline, nextSteps(facts, causes, timeline), CheckedSummary.of(facts, report), report);
    }

    private static String summary(DiagnosisFacts facts, Status status, List<Cause> causes, Timeline timeline) {
        String name = facts.service().shortName();
        return switch (status) {
            case HEALTHY -> name + " is healthy: it can use its key and no CMK requirement fails";
            case AT_RISK -> name + " can use its key, but " + causes.size() + " CMK requirement(s) fail: "
                    + String.join(", ", causes.stream().map(Cause::id).toList());
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
    private static List<String> nextSteps(DiagnosisFacts facts, List<Cause> causes, Timeline timeline) {
        Fixes fixes = new Fixes(facts.service());
        Set<String> steps = new LinkedHashSet<>();
        causes.stream().filter(Cause::breaksAccess).forEach(c -> steps.addAll(c.fix()));
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
