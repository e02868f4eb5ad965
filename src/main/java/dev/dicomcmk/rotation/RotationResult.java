package dev.dicomcmk.rotation;

import dev.dicomcmk.requirements.Report;

import java.util.List;

/**
 * How one service's rotation ended.
 *
 * @param keepEnabled key versions that must stay enabled (data encrypted with them still needs them), each with
 *                    where it is known from; a floor, never a list of what may go (see {@link KeepList})
 * @param whatIf      ARM's what-if lines (dry runs)
 * @param check       the requirements report of the target key, when it was checked
 * @param cause       the Azure failure behind a FAILED outcome, for its exit code; else null
 */
public record RotationResult(String service, Outcome outcome, String oldKey, String newKey, String deployment,
                             String plan, String message, List<KeptVersion> keepEnabled, List<String> whatIf, Report check,
                             RuntimeException cause) {

    public RotationResult {
        keepEnabled = keepEnabled == null ? List.of() : List.copyOf(keepEnabled);
        whatIf = whatIf == null ? List.of() : List.copyOf(whatIf);
    }

    /** A service whose rotation failed before it could be journaled (a failed read, a bad key URL). */
    public static RotationResult failed(String service, String message, RuntimeException cause) {
        return new RotationResult(service, Outcome.FAILED, null, null, null, null, "failed: " + message, List.of(), List.of(), null, cause);
    }

    /** A service still on the version an expiry event is about: nothing was changed, the operator must rotate it. */
    public static RotationResult pinned(String service, String keyUrl, String message) {
        return new RotationResult(service, Outcome.PINNED, keyUrl, null, null, null, message, List.of(), List.of(), null, null);
    }

    static RotationResult of(RotationRequest r, Outcome outcome, String oldKey, String newKey, String deployment,
                             String plan, String message) {
        return new RotationResult(r.serviceId(), outcome, oldKey, newKey, deployment, plan, message, List.of(), List.of(),
                null, null);
    }

    RotationResult withKeepEnabled(List<KeptVersion> keep) {
        return new RotationResult(service, outcome, oldKey, newKey, deployment, plan, message, keep, whatIf, check, cause);
    }

    RotationResult withWhatIf(List<String> lines) {
        return new RotationResult(service, outcome, oldKey, newKey, deployment, plan, message, keepEnabled, lines, check, cause);
    }

    RotationResult withCheck(Report report) {
        return new RotationResult(service, outcome, oldKey, newKey, deployment, plan, message, keepEnabled, whatIf, report, cause);
    }

    /** The same result, its message followed by a note of what else the reader must know. */
    RotationResult withNote(String note) {
        return new RotationResult(service, outcome, oldKey, newKey, deployment, plan, message + "; " + note, keepEnabled,
                whatIf, check, cause);
    }

    RotationResult withCause(RuntimeException e) {
        return new RotationResult(service, outcome, oldKey, newKey, deployment, plan, message, keepEnabled, whatIf, check, e);
    }
}
