package dev.dicomcmk.rotation;

import dev.dicomcmk.advice.Commands;
import dev.dicomcmk.advice.SuggestedCommand;

import dev.dicomcmk.model.DeploymentFacts;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyFacts.KeyVersionFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.requirements.Verdict;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One service's rotation, start to end: lock, finish an attempt left open (interrupted, or pending
 * because its deployment outlived --timeout), plan, check, (dry run: what-if and stop), journal the
 * start, make sure nobody changed the service meanwhile, deploy, watch, roll back if it breaks,
 * journal the end (pending when the deployment goes on in Azure past --timeout). The old version is never disabled, deleted or
 * given an expiry: data encrypted with it still needs it.
 */
public final class Rotation {

    /** A version id no key has: shows a dry run's switch in what-if before the new version exists. */
    public static final String PLACEHOLDER_VERSION = "0".repeat(32);
    /** Slack between Azure's clock as the journal read it and a deployment's own timestamp. */
    private static final Duration STALE = Duration.ofMinutes(5);

    private final RotationRequest request;
    private final RotationSteps steps;
    private final Journal journal;
    private final Path lockFile;
    private final long pid;

    public Rotation(RotationRequest request, RotationSteps steps, Journal journal, Path lockFile, long pid) {
        this.request = request;
        this.steps = steps;
        this.journal = journal;
        this.lockFile = lockFile;
        this.pid = pid;
    }

    public RotationResult run() {
        RunLock lock;
        try {
            lock = RunLock.acquire(lockFile, pid, steps.now());
        } catch (LockedException e) {
            return RotationResult.of(request, Outcome.LOCKED, null, null, null, null, "locked: " + e.getMessage());
        }
        try (lock) {
            if (lock.takenOverFrom() != null) {
                LockHolder gone = lock.takenOverFrom();
                note(null, null, "take over the rotation lock from " + gone.describe() + ", which ended without releasing it"
                        + (gone.alive() ? "" : " (no longer running)"), "lock-taken-over", null);
                steps.progress("took over the lock of an interrupted run (" + gone.describe() + ")");
            }
            String reuse = null;
            Optional<JournalEntry> unfinished = journal.unfinished(request.serviceId());
            if (unfinished.isPresent() && request.dryRun()) {
                // finishing it may wait for its deployment, deploy it again or roll it back: a dry run changes nothing
                JournalEntry u = unfinished.get();
                String open = (u.pending() ? "an attempt cut off by --timeout" : "an interrupted attempt") + " ("
                        + u.attempt() + ", to " + u.newKey() + ") is still open";
                steps.progress(open + "; a real run finishes it before it plans");
                return plan(null).withNote(open + ": a real run first finishes it (waits for deployment "
                        + u.deployment() + ", then verifies, rolls back or starts over) and may plan otherwise");
            }
            if (unfinished.isPresent()) {
                JournalEntry u = unfinished.get();
                String cutOff = u.pending() ? "cut off by --timeout" : "interrupted";
                // its deployment may go on in Azure (a run that stopped waiting at --timeout, or one killed
                // mid-deploy): wait for it to end, then judge by how it ended and what the service reports
                DeploymentFacts d;
                try {
                    d = u.deployment() == null ? null : steps.deployment(u.deployment());
                } catch (DeploymentStillRunning e) {
                    steps.progress("an attempt " + cutOff + " (" + u.attempt() + ") has its deployment still " + e.status());
                    return new Apply(u, null).stillRunning(e);
                }
                String ended = howItEnded(u, d);
                ServiceSnapshot now = steps.service();
                if (now.reports(u.newKey())) {
                    steps.progress("an attempt " + cutOff + " (" + u.attempt() + ") had already switched to " + u.newKey()
                            + " (" + ended + "); verifying it");
                    return new Apply(u, now).resume();
                }
                String why = (now.reports(u.oldKey()) ? cutOff + " before the switch; the service still reports the old key"
                        : cutOff + "; the service now reports " + now.keyUrl()) + "; " + ended;
                journal.append(u.ended(time(), "failed: " + why));
                steps.progress("an attempt " + why + " (" + u.attempt() + "); starting over");
                if (request.mode() == RotationMode.NEW_VERSION && now.reports(u.oldKey())) {
                    reuse = u.newKey();
                }
            }
            return plan(reuse);
        }
    }

    /**
     * How an open attempt's deployment ended, in words. One of that name that ended before the attempt
     * started is another attempt's (the name follows the content: the same switch again has the same name).
     */
    private static String howItEnded(JournalEntry attempt, DeploymentFacts d) {
        String name = "deployment " + attempt.deployment();
        if (attempt.deployment() == null) {
            return "no deployment was planned";
        }
        if (d == null) {
            return name + " is not in Azure (never sent, or not accepted)";
        }
        if (d.timestamp() != null && d.timestamp().isBefore(startOf(attempt).minus(STALE))) {
            return name + " is not this attempt's (it ended " + d.provisioningState() + " at " + d.timestamp()
                    + ", before the attempt started)";
        }
        return name + " ended " + d.provisioningState() + (d.error() == null ? "" : " (" + d.error() + ")");
    }

    /** When the attempt started; a time the journal cannot give (a hand-edited line) makes no deployment look older. */
    private static Instant startOf(JournalEntry attempt) {
        try {
            return Instant.parse(attempt.time());
        } catch (RuntimeException unreadable) {
            return Instant.MIN.plus(STALE);
        }
    }

    /** Everything up to the first change; a dry run ends here. */
    private RotationResult plan(String reuseNewVersion) {
        ServiceSnapshot before = steps.service();
        if (before.keyUrl() == null || before.keyUrl().isBlank()) {
            return RotationResult.of(request, Outcome.REFUSED, null, null, null, null,
                    "refused: the service has no customer-managed key to rotate");
        }
        KeyUrl oldKey = steps.keyUrl(before.keyUrl());
        KeyUrl early = checkTargetBeforeKeyRead(oldKey, reuseNewVersion);
        // a dry run's what-if previews the switch to a key known now as well (a new version shows as the
        // placeholder): it is asked beside the reads, and shown only if the check below passes, as before
        steps.prefetch(oldKey, early, early == null || !request.dryRun() ? null
                : request.mode() == RotationMode.NEW_VERSION && reuseNewVersion == null
                ? oldKey.withVersion(PLACEHOLDER_VERSION) : early);
        KeyFacts current = steps.key(oldKey);
        Optional<String> notDue = VersionChoice.notDue(current.created(), steps.now(), request.ifOlderThan());
        if (notDue.isPresent()) {
            note(oldKey.url(), null, planText(oldKey, null, current), "not-due", null);
            return RotationResult.of(request, Outcome.NOT_DUE, oldKey.url(), null, null, null, notDue.get());
        }
        KeyUrl target = switch (request.mode()) {
            case KEY_URL -> steps.keyUrl(request.keyUrl());
            case TO_LATEST -> newestUsable(oldKey, current);
            case NEW_VERSION -> reuseNewVersion != null ? steps.keyUrl(reuseNewVersion) : null;
        };
        if (target != null && target.url().equalsIgnoreCase(oldKey.url())) {
            return RotationResult.of(request, Outcome.UP_TO_DATE, oldKey.url(), target.url(), null, null,
                    "up to date: the service already uses " + target.url());
        }
        String plan = planText(oldKey, target, current);
        // a new version inherits type, size, operations, vault and key-scoped access: checking the current
        // version refuses a doomed rotation before a version is made; the new one is checked again below
        Report check = steps.check(target != null ? target : oldKey);
        if (check.hasFailures(false)) {
            return refused(oldKey, target, plan, check);
        }
        if (request.dryRun()) {
            KeyUrl shown = target != null ? target : oldKey.withVersion(PLACEHOLDER_VERSION);
            String name = steps.deploymentName(shown);
            List<String> whatIf = steps.whatIf(shown);
            note(oldKey.url(), target == null ? null : target.url(), plan, "dry-run", name);
            return RotationResult.of(request, Outcome.DRY_RUN, oldKey.url(), target == null ? null : target.url(), name,
                    plan, "dry run: nothing changed" + (target == null
                            ? " (the new version does not exist yet: what-if shows it as version " + PLACEHOLDER_VERSION + ")"
                            : "")).withWhatIf(whatIf).withCheck(check);
        }
        steps.confirm(plan + "?");
        if (target == null) {
            target = steps.createVersionLike(current);
            steps.progress("created " + target.url());
            check = steps.check(target);
            if (check.hasFailures(false)) {
                return refused(oldKey, target, plan, check);
            }
        }
        JournalEntry started = new JournalEntry(time(), UUID.randomUUID().toString(), steps.operator(),
                request.serviceId(), oldKey.url(), target.url(), plan, JournalEntry.STARTED, steps.deploymentName(target));
        journal.append(started);
        return new Apply(started, before).run().withCheck(check);
    }

    /**
     * The key the check below will be of, when it is known before the current key is read and the check
     * is sure to be made unless the key read itself fails: a new version (checked as the current one, or
     * the version an interrupted attempt made) or a given --key-url other than the current key. Not with
     * --if-older-than (most services are then not due, and their check would be reads for nothing), and
     * not --to-latest (its target comes from the key read). Null: check after the key read, as before.
     */
    private KeyUrl checkTargetBeforeKeyRead(KeyUrl oldKey, String reuseNewVersion) {
        if (request.ifOlderThan() != null) {
            return null;
        }
        KeyUrl target = switch (request.mode()) {
            case NEW_VERSION -> reuseNewVersion != null ? steps.keyUrl(reuseNewVersion) : oldKey;
            case KEY_URL -> steps.keyUrl(request.keyUrl());
            case TO_LATEST -> null;
        };
        return target != null && request.mode() == RotationMode.KEY_URL && target.url().equalsIgnoreCase(oldKey.url())
                ? null : target;
    }

    /**
     * The newest enabled, valid version. The current version's read listed every version of the key already
     * (the list is the key's, whichever version was read); only when that list could not be read is the key
     * read again.
     */
    private KeyUrl newestUsable(KeyUrl oldKey, KeyFacts current) {
        KeyFacts latest = current.versions().isKnown() ? current : steps.key(oldKey.withVersion(null));
        List<KeyVersionFacts> versions = latest.versions().isKnown() ? latest.versions().value() : List.of();
        return VersionChoice.newestUsable(versions, steps.now()).map(v -> oldKey.withVersion(v.version()))
                .orElseThrow(() -> new IllegalStateException("key " + oldKey.keyName() + " has no enabled, valid version"));
    }

    private RotationResult refused(KeyUrl oldKey, KeyUrl target, String plan, Report check) {
        String shown = target != null ? target.url() : oldKey.url();
        StringBuilder why = new StringBuilder("refused: ").append(shown).append(" fails a requirement for this service");
        Finding access = check.finding(Requirement.IDENTITY_KEY_ACCESS);
        if (access.verdict() == Verdict.FAIL) {
            why.append("; its identity cannot wrap and unwrap with it: grant access first with '")
                    .append(Commands.dicomCmk("enable-identity", request.serviceId()).with("--grant-key-access")
                            .with("--key-url", shown)).append('\'');
        }
        if (request.mode() == RotationMode.NEW_VERSION && target != null) {
            why.append(" (the new version stays, enabled and unused)");
        }
        return RotationResult.of(request, Outcome.REFUSED, oldKey.url(), target == null ? null : target.url(), null,
                plan, why.toString()).withCheck(check);
    }

    private String planText(KeyUrl oldKey, KeyUrl target, KeyFacts current) {
        if (target == null) {
            return "create a new version of key " + oldKey.keyName() + " in " + oldKey.vaultName() + " (" + current.kty()
                    + (current.sizeBits() == null ? "" : " " + current.sizeBits()) + ") and switch " + request.shortName()
                    + " from version " + oldKey.version() + " to it";
        }
        return "switch " + request.shortName() + " from " + oldKey.url() + " to " + target.url();
    }

    /** A one-line journal entry of an attempt that changed nothing (not due, dry run, lock takeover). */
    private void note(String oldKey, String newKey, String plan, String outcome, String deployment) {
        journal.append(new JournalEntry(time(), UUID.randomUUID().toString(), steps.operator(), request.serviceId(),
                oldKey, newKey, plan, outcome, deployment));
    }

    /** "3s", as the Timeout's own message says it. */
    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    private String time() {
        return steps.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    /** The journaled part: from "started" to its end line. */
    private final class Apply {
        private final JournalEntry started;
        private final ServiceSnapshot planned;

        Apply(JournalEntry started, ServiceSnapshot planned) {
            this.started = started;
            this.planned = planned;
        }

        RotationResult run() {
            steps.checkpoint("before-deploy");
            ServiceSnapshot now = steps.service();
            String changed = now.changesSince(planned);
            if (changed != null) {
                return end(Outcome.CONFLICT, "failed: conflict: " + changed,
                        "stopped: the service changed since the plan: " + changed + "; nothing was deployed (run again to plan anew)");
            }
            steps.progress("deploying " + started.deployment());
            RotationResult notDeployed = deploySwitch();
            if (notDeployed != null) {
                return notDeployed;
            }
            steps.checkpoint("before-verify");
            return watchAndFinish(Outcome.SUCCEEDED);
        }

        /**
         * The service already reports the new key. A deployment cut off mid-way may not have reached
         * Succeeded: the same deployment again (same content, same name) finishes it.
         */
        RotationResult resume() {
            if (!"Succeeded".equalsIgnoreCase(planned.provisioningState())) {
                steps.progress("the service is " + planned.provisioningState() + "; deploying " + started.deployment() + " again");
                RotationResult notDeployed = deploySwitch();
                if (notDeployed != null) {
                    return notDeployed;
                }
            }
            return watchAndFinish(Outcome.RESUMED);
        }

        /**
         * Deploys the attempt's switch: null when the deployment went through, else how the attempt ends
         * (pending while it goes on in Azure past --timeout, failed or rolled back otherwise).
         */
        private RotationResult deploySwitch() {
            try {
                steps.deploy(steps.keyUrl(started.newKey()));
                return null;
            } catch (DeploymentStillRunning e) {
                return stillRunning(e);
            } catch (RuntimeException e) {
                return deployFailed(e);
            }
        }

        RotationResult watchAndFinish(Outcome success) {
            steps.progress("watching the service for " + request.verifyFor().toSeconds() + "s");
            Observation o = HealthWatch.watch(steps, request.verifyFor(), request.pollEvery());
            if (o.healthy()) {
                end(success, JournalEntry.SUCCEEDED, null);
                return result(success, "succeeded: switched to " + started.newKey() + "; the service reports it, Succeeded, " + o.detail())
                        .withKeepEnabled(keepEnabled());
            }
            return rollBack("the service turned unhealthy after the switch: " + o.detail());
        }

        /**
         * The deployment had not ended when --timeout ran out (or had still not when a later run looked
         * again): it goes on in Azure and may yet switch the service, so the attempt is neither failed
         * nor done. It is journaled as pending, and the output says so, what the service reports now,
         * and how to find out how it ends.
         */
        RotationResult stillRunning(DeploymentStillRunning e) {
            RuntimeException cause = e.failure();
            String pending = JournalEntry.PENDING + ": deployment " + started.deployment() + " still " + e.status() + " after "
                    + seconds(e.waited()) + (e.accepted() ? "; it goes on in Azure" : "; Azure may have taken it and go on with it");
            String reports;
            try {
                ServiceSnapshot now = steps.service();
                reports = "the service reports " + now.keyUrl() + " now (provisioningState " + now.provisioningState() + ")";
            } catch (RuntimeException unreadable) {
                reports = "the service could not be read back: " + steps.describe(unreadable);
            }
            String rg = ServiceId.parse(request.serviceId(), null, null).resourceGroup();
            SuggestedCommand rotate = Commands.dicomCmk("rotate-key", request.serviceId());
            SuggestedCommand again = switch (request.mode()) {
                case NEW_VERSION -> rotate.with("--new-version");
                case TO_LATEST -> rotate.with("--to-latest");
                case KEY_URL -> rotate.with("--key-url", request.keyUrl());
            };
            RotationResult r = end(Outcome.PENDING, pending, pending + " and may yet switch the service to " + started.newKey()
                    + "; " + reports + " — see how it ends with '" + Commands.deploymentShow(rg, started.deployment())
                    .with("--query", "properties.provisioningState") + "', then run '" + again + "' again: it "
                    + "records how the deployment ended before it plans anew (a larger --timeout waits longer for it)");
            return cause == null ? r : r.withCause(cause);
        }

        private RotationResult deployFailed(RuntimeException e) {
            String why = steps.describe(e);
            ServiceSnapshot now;
            try {
                now = steps.service();
            } catch (RuntimeException unreadable) {
                return end(Outcome.FAILED, "failed: " + why, "failed: " + why).withCause(e);
            }
            if (now.reports(started.newKey())) {
                return rollBack("the deployment failed after the service took the new key: " + why);
            }
            return end(Outcome.FAILED, "failed: " + why, "failed: " + why + "; the service still reports " + now.keyUrl()).withCause(e);
        }

        private RotationResult rollBack(String why) {
            if (!request.rollback()) {
                return end(Outcome.FAILED, "failed: " + why + " (--no-rollback: left on the new key)",
                        "failed: " + why + "; --no-rollback: left on " + started.newKey() + " (switch back with --key-url " + started.oldKey() + ")");
            }
            steps.progress(why + "; rolling back to " + started.oldKey());
            try {
                steps.deploy(steps.keyUrl(started.oldKey()));
            } catch (RuntimeException failed) {
                RuntimeException e = failed instanceof DeploymentStillRunning s ? s.failure() : failed;
                return end(Outcome.FAILED, "failed: " + why + "; the rollback failed too: " + steps.describe(e),
                        "failed: " + why + "; the rollback to " + started.oldKey() + " failed too: " + steps.describe(e)
                                + " — run '" + Commands.dicomCmk("diagnose", request.serviceId()) + "' now").withCause(e);
            }
            return end(Outcome.ROLLED_BACK, JournalEntry.ROLLED_BACK + ": " + why,
                    "rolled back to " + started.oldKey() + ": " + why);
        }

        private RotationResult end(Outcome outcome, String journalOutcome, String message) {
            journal.append(started.ended(time(), journalOutcome));
            return result(outcome, message);
        }

        private RotationResult result(Outcome outcome, String message) {
            return RotationResult.of(request, outcome, started.oldKey(), started.newKey(), started.deployment(),
                    started.plan(), message);
        }

        /** The new version, the old one and every version this service used before (from the journal). */
        private List<String> keepEnabled() {
            java.util.LinkedHashSet<String> keep = new java.util.LinkedHashSet<>();
            keep.add(started.newKey());
            keep.add(started.oldKey());
            keep.addAll(journal.retiredKeys(request.serviceId()));
            return List.copyOf(keep);
        }
    }
}
