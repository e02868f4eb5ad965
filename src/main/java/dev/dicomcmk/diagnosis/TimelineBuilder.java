package dev.dicomcmk.diagnosis;

import dev.dicomcmk.model.DiagnosisFacts;
import dev.dicomcmk.diagnosis.Timeline.Bucket;
import dev.dicomcmk.model.Durations;
import dev.dicomcmk.model.HealthFacts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dates the outage and picks the recovery path. Resource Health's occuredTime is the service's own
 * account of when it became unavailable, so it wins; without it, the time the breaking fact itself
 * carries (a key's updated time when it was disabled, a deleted key's deletedDate). Elapsed time is
 * measured against Azure's clock, not this machine's.
 */
final class TimelineBuilder {

    private final DiagnosisFacts facts;
    private final Fixes fixes;

    TimelineBuilder(DiagnosisFacts facts) {
        this.facts = facts;
        this.fixes = new Fixes(facts.service());
    }

    /** @param serviceWorks the service says it works (Resource Health Available): nothing broke yet to date */
    Timeline build(List<Cause> ranked, boolean serviceWorks) {
        Instant now = facts.now();
        Optional<Cause> top = ranked.stream().filter(Cause::breaksAccess).findFirst();
        if (top.isEmpty() || serviceWorks) {
            return new Timeline(Bucket.NOT_BROKEN, null, null, now, null, List.of(), List.of());
        }
        Instant brokeAt = null;
        String source = null;
        HealthFacts h = facts.health().orElse(null);
        if (h != null && h.unavailable() && h.occurredTime() != null) {
            brokeAt = h.occurredTime();
            source = "Resource Health occuredTime";
        } else {
            for (Cause c : ranked) {
                if (c.breaksAccess() && c.since() != null) {
                    brokeAt = c.since();
                    source = sinceLabel(c.kind());
                    break;
                }
            }
        }
        Duration elapsed = brokeAt == null ? null : nonNegative(Duration.between(brokeAt, now));
        Bucket bucket = elapsed == null ? Bucket.UNKNOWN
                : elapsed.compareTo(Timeline.SELF_RECOVERY_LIMIT) < 0 ? Bucket.UNDER_30_MINUTES : Bucket.OVER_30_MINUTES;
        return new Timeline(bucket, brokeAt, source, now, elapsed, guidance(bucket, top.get(), brokeAt, now),
                sources(bucket, ranked));
    }

    private List<String> guidance(Bucket bucket, Cause top, Instant brokeAt, Instant now) {
        boolean restored = top.kind() == CauseKind.RECOVERING || top.kind() == CauseKind.NEEDS_REDEPLOY;
        String restore = restored ? "Key access looks restored already." : "Restore key access now (the fix above).";
        List<String> steps = new ArrayList<>();
        switch (bucket) {
            case UNDER_30_MINUTES -> {
                Instant deadline = brokeAt.plus(Timeline.SELF_RECOVERY_LIMIT);
                steps.add(restore + (restored ? "" : " The service recovers by itself only if access is back within "
                        + "30 minutes of the outage, that is before " + deadline + " ("
                        + Durations.human(Duration.between(now, deadline)) + " from now)."));
                steps.add("After access is back, allow 5 to 10 minutes for the service to become available again; "
                        + "follow it with: " + fixes.watch());
            }
            case OVER_30_MINUTES -> {
                steps.add(restore);
                steps.add("Then re-validate the key by re-deploying the service's current properties: " + fixes.redeploy());
                steps.add("If the service stays unavailable, contact Azure support with the facts this command "
                        + "prints as JSON: " + fixes.asJson());
            }
            default -> {
                steps.add(restore + " No fact says when access broke.");
                steps.add("If it broke less than 30 minutes ago, the service comes back 5 to 10 minutes after access "
                        + "does: " + fixes.watch());
                steps.add("If it broke earlier, or the service does not come back, re-deploy: " + fixes.redeploy()
                        + "; if it stays unavailable, contact Azure support with this output.");
            }
        }
        return steps;
    }

    private static List<String> sources(Bucket bucket, List<Cause> ranked) {
        List<String> s = new ArrayList<>();
        if (bucket != Bucket.OVER_30_MINUTES) {
            s.add(Sources.DICOM_UNDER_30);
        }
        if (bucket != Bucket.UNDER_30_MINUTES) {
            s.add(Sources.DICOM_OVER_30);
            s.add(Sources.FHIR_REDEPLOY);
        }
        boolean identityChanged = ranked.stream().anyMatch(c -> switch (c.kind()) {
            case NO_IDENTITY, USER_IDENTITY_DELETED, USER_IDENTITY_RECREATED, IDENTITY_OTHER_TENANT -> true;
            default -> false;
        });
        if (identityChanged) {
            s.add(Sources.DICOM_IDENTITY_CHANGE);
        }
        return s;
    }

    private static String sinceLabel(CauseKind kind) {
        return switch (kind) {
            case KEY_DISABLED -> "the key version's updated time (when it was disabled)";
            case KEY_DELETED -> "the deleted key's deletedDate";
            case KEY_EXPIRED -> "the key version's expiry date";
            default -> kind.id();
        };
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
