package dev.dicomcmk.diagnosis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One reason the service cannot use its key (or one risk), with what shows it and how to fix it.
 *
 * @param id       a {@link CauseKind} id, or for a failing requirement the requirement's id
 * @param evidence the facts that show it, one line each, Azure's words quoted as they came
 * @param fix      the exact steps: a dicom-cmk command where one exists, else the Azure CLI step
 * @param since    when it started, if a fact says so (the key's updated time, a deletedDate), else null
 */
public record Cause(CauseKind kind, String id, String title, List<String> evidence, List<String> fix, Instant since) {

    public Cause {
        evidence = List.copyOf(evidence);
        fix = List.copyOf(fix);
    }

    static Cause of(CauseKind kind, List<String> evidence, List<String> fix, Instant since) {
        return new Cause(kind, kind.id(), kind.title(), evidence, fix, since);
    }

    public boolean breaksAccess() {
        return kind.breaksAccess();
    }

    /** The same cause with more evidence (Resource Health, the probe) appended. */
    Cause withEvidence(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(evidence);
        all.addAll(more);
        return new Cause(kind, id, title, all, fix, since);
    }
}
