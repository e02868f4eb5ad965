package dev.dicomcmk.rotation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of the journal: the audit log of every change a write command makes in Azure, written
 * (and fsynced) before the change. An attempt writes a "started" line before each of its writes
 * and one end line with the same attempt id when it ends, so a crash leaves a start without an end,
 * and the attempt's latest "started" line says which write was under way. An attempt whose outcome
 * is not known yet (a deployment still running at --timeout, a write whose answer was lost) ends its
 * run with a "pending: …" line instead: a later run finds out from Azure how it ended and adds the
 * line that says so.
 *
 * @param time       Azure's clock when the line was written (ISO-8601)
 * @param attempt    joins the lines of one attempt
 * @param operator   object id of the signed-in principal (the token's oid claim), never the token
 * @param plan       what the attempt (or this step of it) set out to do, in words
 * @param outcome    started, succeeded, rolled-back, not-due, dry-run, lock-taken-over, "failed: why",
 *                   "refused: why" or "pending: why" (not ended yet)
 * @param deployment the deterministic ARM deployment name, when one was planned
 * @param command    the command that wrote the line (rotate-key, enable-identity, update-via-arm); absent on
 *                   lines written before it was recorded, which are all rotate-key's
 * @param action     the write the line is about: create-version, switch, rollback (rotate-key), set-identity,
 *                   grant-key-access (enable-identity), deploy (update-via-arm); absent on older lines (a switch)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"time", "attempt", "operator", "command", "action", "service", "oldKey", "newKey", "plan", "outcome",
        "deployment"})
public record JournalEntry(String time, String attempt, String operator, String service, String oldKey, String newKey,
                           String plan, String outcome, String deployment, String command, String action) {

    public static final String STARTED = "started";
    public static final String SUCCEEDED = "succeeded";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String PENDING = "pending";

    public static final String ROTATE_KEY = "rotate-key";
    public static final String ENABLE_IDENTITY = "enable-identity";
    public static final String UPDATE_VIA_ARM = "update-via-arm";

    /** Create a new key version (rotate-key --new-version), journaled before the version exists. */
    public static final String CREATE_VERSION = "create-version";
    /** Deploy the switch to the new key. */
    public static final String SWITCH = "switch";
    /** Deploy the switch back to the old key. */
    public static final String ROLLBACK = "rollback";

    /** A rotate-key line of the form every line had before commands and actions were recorded. */
    public JournalEntry(String time, String attempt, String operator, String service, String oldKey, String newKey,
                        String plan, String outcome, String deployment) {
        this(time, attempt, operator, service, oldKey, newKey, plan, outcome, deployment, null, null);
    }

    public boolean started() {
        return STARTED.equals(outcome);
    }

    /** A line that leaves its attempt open: its outcome is not known yet (it may go on in Azure). */
    public boolean pending() {
        return outcome != null && (outcome.equals(PENDING) || outcome.startsWith(PENDING + ":"));
    }

    /** The command that wrote the line; lines from before it was recorded are rotate-key's. */
    @JsonIgnore
    public String commandName() {
        return command == null ? ROTATE_KEY : command;
    }

    /** The write the line is about; a rotate-key line from before actions were recorded is a switch. */
    @JsonIgnore
    public String actionName() {
        return action != null ? action : ROTATE_KEY.equals(commandName()) ? SWITCH : null;
    }

    public boolean succeeded() {
        return SUCCEEDED.equals(outcome);
    }

    /**
     * Whether this line says the service may have run on the key (so data may be encrypted with it): the
     * key it had when a write started (its old key), or the key a switch, rollback or deployment moved it to
     * unless the line says that never happened (refused, a dry run, not due). A key a grant is about is not
     * one the service ran on.
     */
    public boolean mayHaveRunOn(String key) {
        if (key == null || ENABLE_IDENTITY.equals(commandName())) {
            return false;
        }
        if (key.equals(oldKey)) {
            return true;
        }
        return key.equals(newKey) && !CREATE_VERSION.equals(actionName()) && outcome != null
                && !outcome.startsWith("refused") && !outcome.equals("dry-run") && !outcome.equals("not-due");
    }

    public JournalEntry ended(String time, String outcome) {
        return new JournalEntry(time, attempt, operator, service, oldKey, newKey, plan, outcome, deployment, command, action);
    }

    /** The next step of the same attempt, journaled before it is made. */
    public JournalEntry step(String time, String action, String newKey, String plan, String deployment) {
        return new JournalEntry(time, attempt, operator, service, oldKey, newKey, plan, STARTED, deployment, command, action);
    }
}
