package dev.dicomcmk.rotation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of the rotation journal. An attempt writes a "started" line before it deploys and a
 * second line with the same attempt id when it ends, so a crash leaves a start without an end. An
 * attempt whose deployment was still running when --timeout ran out ends its run with a "pending: …"
 * line instead: its outcome is not known yet, and a later run adds the line that says how it ended.
 *
 * @param time       Azure's clock when the line was written (ISO-8601)
 * @param attempt    joins the start and the end of one attempt
 * @param operator   object id of the signed-in principal (the token's oid claim), never the token
 * @param plan       what the attempt set out to do, in words
 * @param outcome    started, succeeded, rolled-back, not-due, dry-run, lock-taken-over, "failed: why", or
 *                   "pending: deployment … still Running after …; it goes on in Azure" (not ended yet)
 * @param deployment the deterministic ARM deployment name, when one was planned
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"time", "attempt", "operator", "service", "oldKey", "newKey", "plan", "outcome", "deployment"})
public record JournalEntry(String time, String attempt, String operator, String service, String oldKey, String newKey,
                           String plan, String outcome, String deployment) {

    public static final String STARTED = "started";
    public static final String SUCCEEDED = "succeeded";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String PENDING = "pending";

    public boolean started() {
        return STARTED.equals(outcome);
    }

    /** A line that leaves its attempt open: the deployment went on in Azure after the run stopped waiting. */
    public boolean pending() {
        return outcome != null && (outcome.equals(PENDING) || outcome.startsWith(PENDING + ":"));
    }

    public JournalEntry ended(String time, String outcome) {
        return new JournalEntry(time, attempt, operator, service, oldKey, newKey, plan, outcome, deployment);
    }
}
