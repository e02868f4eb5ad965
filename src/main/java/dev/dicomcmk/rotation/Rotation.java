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
 * because its outcome was not known: a deployment that outlived --timeout, a write whose answer was
 * lost), plan, check, (dry run: what-if and stop), then write ahead: every change in Azure (the new
 * key version, the switch, the rollback) is journaled before it is made, so the journal knows all
 * this tool changed. It makes sure nobody changed the service meanwhile, deploys, watches, rolls
 * back if it breaks, and journals the end (pending when it cannot know it yet). A new version is
 * tagged with the attempt's id: a later run proves which version an interrupted attempt made and
 * switches to it rather than making another. The old version is never disabled, deleted or given
 * an expiry: data encrypted with it still needs it.
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
    /** What else the output must say (versions made by an interrupted attempt and left unused). */
    private final List<String> notes = new java.util.ArrayList<>();

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
            Optional<JournalEntry> unfinished = journal.unfinished(request.serviceId(), JournalEntry.ROTATE_KEY);
            if (unfinished.isPresent() && request.dryRun()) {
                // finishing it may wait for its deployment, deploy it again or roll it back: a dry run changes nothing
                JournalEntry u = unfinished.get();
                String open = "an attempt " + cutOff(u) + " (" + u.attempt() + ", " + (JournalEntry.CREATE_VERSION.equals(u.actionName())
                        ? "making a new version of " + u.oldKey() : JournalEntry.ROLLBACK.equals(u.actionName())
                        ? "rolling back to " + u.oldKey() : "to " + u.newKey()) + ") is still open";
                steps.progress(open + "; a real run finishes it before it plans");
                return plan(null).withNote(open + ": a real run first finishes it (" + (u.deployment() == null
                        ? "looks for the version it made by its tag" : "waits for deployment " + u.deployment())
                        + ", then verifies, rolls back or starts over) and may plan otherwise");
            }
            if (unfinished.isPresent() && JournalEntry.CREATE_VERSION.equals(unfinished.get().actionName())) {
                reuse = adopt(unfinished.get());
            } else if (unfinished.isPresent() && JournalEntry.ROLLBACK.equals(unfinished.get().actionName())) {
                return finishRollback(unfinished.get());
            } else if (unfinished.isPresent()) {
                JournalEntry u = unfinished.get();
                String cutOff = cutOff(u);
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
            RotationResult r = plan(reuse);
            return notes.isEmpty() ? r : r.withNote(String.join("; ", notes));
        }
    }

    /**
     * An event delivered late or twice must not move a service back: the target must be a newer version (by
     * Key Vault's created time, not by its id) of the very key the service uses now, read under the lock.
     * Empty when the switch goes ahead.
     */
    private Optional<RotationResult> notForward(KeyUrl oldKey, KeyFacts current, KeyUrl target) {
        if (!oldKey.host().equalsIgnoreCase(target.host()) || !oldKey.keyName().equalsIgnoreCase(target.keyName())) {
            return Optional.of(RotationResult.of(request, Outcome.UP_TO_DATE, oldKey.url(), target.url(), null, null,
                    "up to date: the service no longer uses key " + target.keyName() + " of " + target.host()
                            + " (it uses " + oldKey.url() + "); left as it is"));
        }
        Instant now = current.created();
        Instant then = createdOf(current, target);
        if (now == null || then == null) {
            // I1: a version's age that could not be read is no proof that the switch goes forward
            return Optional.of(RotationResult.of(request, Outcome.REFUSED, oldKey.url(), target.url(), null, null,
                    "refused: Key Vault did not say when " + (now == null ? oldKey.version() : target.version())
                            + " was created, so it cannot be told which version is newer; left on " + oldKey.url()));
        }
        if (!then.isAfter(now)) {
            return Optional.of(RotationResult.of(request, Outcome.UP_TO_DATE, oldKey.url(), target.url(), null, null,
                    "up to date: the service uses " + oldKey.url() + " (created " + now + "), not older than "
                            + target.version() + " (created " + then + "); left as it is"));
        }
        return Optional.empty();
    }

    /** The target version's created time, from the key's version list as read, else from a read of it. */
    private Instant createdOf(KeyFacts current, KeyUrl target) {
        if (current.versions() != null && current.versions().value() != null) {
            for (KeyVersionFacts v : current.versions().value()) {
                if (v.version().equalsIgnoreCase(target.version())) {
                    return v.created();
                }
            }
        }
        return steps.key(target).created();
    }

    /** Why an attempt is still open, in words for its end line. */
    private static String cutOff(JournalEntry u) {
        if (!u.pending()) {
            return "interrupted";
        }
        return u.outcome().matches("pending: deployment \\S+ still .* after \\d+s;.*") ? "cut off by --timeout" : "left pending";
    }

    /**
     * An attempt that journaled its intent to make a new version and never said which one it made (killed,
     * the journal full, or Key Vault's answer lost): the version, if Key Vault made it, carries the attempt's
     * id as a tag. That proves it is the attempt's; the run switches to it instead of making another, when it
     * makes a new version for the service still on the key the attempt started from. Anything else is named
     * in the journal (and the output), enabled and unused. Answers the version to switch to, or null.
     */
    private String adopt(JournalEntry u) {
        KeyUrl from = steps.keyUrl(u.oldKey());
        List<KeyUrl> made = steps.versionsMadeBy(from, u.attempt());
        String cut = cutOff(u);
        if (made.isEmpty()) {
            journal.append(u.ended(time(), "failed: " + cut + " before Key Vault made a version (none of key " + from.keyName()
                    + " carries tag " + RotationSteps.ATTEMPT_TAG + "=" + u.attempt() + ")"));
            steps.progress("an attempt " + cut + " (" + u.attempt() + ") made no version; starting over");
            return null;
        }
        String version = made.get(0).url();
        String others = made.size() == 1 ? "" : "; it also made " + String.join(", ", made.subList(1, made.size()).stream()
                .map(KeyUrl::url).toList()) + " (enabled, unused)";
        ServiceSnapshot now = steps.service();
        if (request.mode() == RotationMode.NEW_VERSION && now.reports(u.oldKey())) {
            journal.append(u.ended(time(), "failed: " + cut + " after Key Vault made " + version + " (it carries tag "
                    + RotationSteps.ATTEMPT_TAG + "=" + u.attempt() + "); the next attempt switches to it" + others));
            steps.progress("an attempt " + cut + " (" + u.attempt() + ") made " + version + " (proved by its tag); switching to it");
            if (!others.isEmpty()) {
                notes.add("an interrupted attempt (" + u.attempt() + ")" + others);
            }
            return version;
        }
        String unused = version + " (made by an interrupted attempt, " + u.attempt() + ", proved by its tag) stays enabled and unused"
                + others;
        journal.append(u.ended(time(), "failed: " + cut + " after Key Vault made " + version + "; not switched to: the service now "
                + "reports " + now.keyUrl() + others));
        notes.add(unused);
        return null;
    }

    /**
     * An attempt that was switching the service back to its old key when its run ended: how the rollback
     * deployment ended and what the service reports now say how the attempt ended. It does not switch again.
     */
    private RotationResult finishRollback(JournalEntry u) {
        Apply apply = new Apply(u, null);
        DeploymentFacts d;
        try {
            d = u.deployment() == null ? null : steps.deployment(u.deployment());
        } catch (DeploymentStillRunning e) {
            steps.progress("the rollback of an attempt " + cutOff(u) + " (" + u.attempt() + ") has its deployment still " + e.status());
            return apply.stillRunning(e);
        }
        String ended = howItEnded(u, d);
        ServiceSnapshot now = steps.service();
        if (now.reports(u.oldKey())) {
            steps.progress("the rollback of an attempt " + cutOff(u) + " (" + u.attempt() + ") went through (" + ended + ")");
            return apply.end(Outcome.ROLLED_BACK, JournalEntry.ROLLED_BACK + ": " + u.plan() + "; " + ended,
                    "rolled back to " + u.oldKey() + " (an earlier run's rollback, " + ended + "): " + u.plan());
        }
        return apply.end(Outcome.FAILED, "failed: the rollback did not take: the service reports " + now.keyUrl() + "; " + ended,
                "failed: an earlier run's rollback to " + u.oldKey() + " did not take: the service reports " + now.keyUrl()
                        + " (" + ended + ") — run '" + Commands.dicomCmk("diagnose", request.serviceId()) + "' now");
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
        if (request.forwardOnly() && target != null) {
            Optional<RotationResult> stay = notForward(oldKey, current, target);
            if (stay.isPresent()) {
                return stay.get();
            }
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
        JournalEntry started;
        if (target == null) {
            // the journal's first line comes before the first write: an unwritable journal stops the run here
            JournalEntry intent = line(JournalEntry.CREATE_VERSION, oldKey.url(), null, plan, JournalEntry.STARTED, null);
            journal.append(intent);
            try {
                target = steps.createVersionLike(current, intent.attempt());
            } catch (RuntimeException e) {
                return createFailed(intent, oldKey, plan, e);
            }
            steps.progress("created " + target.url());
            started = intent.step(time(), JournalEntry.SWITCH, target.url(), plan, steps.deploymentName(target));
            journal.append(started);
            try {
                check = steps.check(target);
            } catch (RuntimeException e) {
                String why = steps.describe(e);
                journal.append(started.ended(time(), JournalEntry.PENDING + ": made " + target.url() + " but could not check it ("
                        + why + "); the next run checks it again and switches to it"));
                return RotationResult.of(request, Outcome.FAILED, oldKey.url(), target.url(), null, plan, "failed: could not check "
                        + "the new version " + target.url() + ": " + why + "; it stays enabled and unused, and the next run with "
                        + "--new-version switches to it").withCause(e);
            }
            if (check.hasFailures(false)) {
                journal.append(started.ended(time(), "refused: " + target.url() + " fails a requirement for this service "
                        + "(it stays, enabled and unused)"));
                return refused(oldKey, target, plan, check);
            }
        } else {
            started = line(JournalEntry.SWITCH, oldKey.url(), target.url(), plan, JournalEntry.STARTED, steps.deploymentName(target));
            journal.append(started);
        }
        return new Apply(started, before).run().withCheck(check);
    }

    /**
     * Key Vault did not make the version, or its answer was lost: then it may have made it, tagged with the
     * attempt's id, and the attempt stays open (pending) for the next run to adopt it or start over.
     */
    private RotationResult createFailed(JournalEntry intent, KeyUrl oldKey, String plan, RuntimeException e) {
        String why = steps.describe(e);
        if (!steps.unconfirmed(e)) {
            journal.append(intent.ended(time(), "failed: " + why));
            throw e;
        }
        String tag = RotationSteps.ATTEMPT_TAG + "=" + intent.attempt();
        journal.append(intent.ended(time(), JournalEntry.PENDING + ": Key Vault's answer to the new version was lost (" + why
                + "); the next run looks for a version tagged " + tag));
        return RotationResult.of(request, Outcome.PENDING, oldKey.url(), null, null, plan, JournalEntry.PENDING
                + ": Key Vault may have made the new version (its answer was lost: " + why + "); the next run switches to the "
                + "version tagged " + tag + " if there is one, else makes one").withCause(e);
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
        journal.append(line(null, oldKey, newKey, plan, outcome, deployment));
    }

    /** The first line of a new attempt. */
    private JournalEntry line(String action, String oldKey, String newKey, String plan, String outcome, String deployment) {
        return new JournalEntry(time(), UUID.randomUUID().toString(), steps.operator(), request.serviceId(), oldKey, newKey,
                plan, outcome, deployment, JournalEntry.ROTATE_KEY, action);
    }

    /** "3s", as the Timeout's own message says it. */
    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    private String time() {
        return steps.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    /** The journaled part: from the switch's "started" line to the attempt's end line. */
    private final class Apply {
        /** The attempt's switch line (or the open line an earlier run left: its switch or its rollback). */
        private final JournalEntry started;
        private final ServiceSnapshot planned;
        /** The attempt's latest "started" line: the end line continues it. */
        private JournalEntry line;

        Apply(JournalEntry started, ServiceSnapshot planned) {
            this.started = started;
            this.planned = planned;
            this.line = started;
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
         * (pending while it goes on in Azure past --timeout or its answer was lost, failed or rolled back otherwise).
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
                List<KeptVersion> keep = keepEnabled();
                end(success, JournalEntry.SUCCEEDED, null);
                return result(success, "succeeded: switched to " + started.newKey() + "; the service reports it, Succeeded, " + o.detail())
                        .withKeepEnabled(keep);
            }
            return rollBack("the service turned unhealthy after the switch: " + o.detail());
        }

        /**
         * The deployment had not ended when --timeout ran out (or had still not when a later run looked
         * again), or its answer was lost: it may go on in Azure and may yet switch the service, so the attempt
         * is neither failed nor done. It is journaled as pending, and the output says so, what the service
         * reports now, and how to find out how it ends.
         */
        RotationResult stillRunning(DeploymentStillRunning e) {
            RuntimeException cause = e.failure();
            boolean back = JournalEntry.ROLLBACK.equals(line.actionName());
            String target = back ? line.oldKey() : line.newKey();
            String pending = JournalEntry.PENDING + ": " + (back ? "rollback " : "") + "deployment " + line.deployment()
                    + " still " + e.status() + (e.waited() == null ? "" : " after " + seconds(e.waited()))
                    + (e.accepted() ? "; it goes on in Azure" : "; Azure may have taken it and go on with it");
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
            RotationResult r = end(Outcome.PENDING, pending, pending + " and may yet switch the service " + (back ? "back " : "")
                    + "to " + target + "; " + reports + " — see how it ends with '" + Commands.deploymentShow(rg, line.deployment())
                    .with("--query", "properties.provisioningState") + "', then run '" + again + "' again: it "
                    + "records how the deployment ended before it plans anew" + (e.waited() == null ? ""
                    : " (a larger --timeout waits longer for it)"));
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

        /** Journals the rollback before it deploys it: a run that ends during it leaves it for the next run to finish. */
        private RotationResult rollBack(String why) {
            if (!request.rollback()) {
                return end(Outcome.FAILED, "failed: " + why + " (--no-rollback: left on the new key)",
                        "failed: " + why + "; --no-rollback: left on " + started.newKey() + " (switch back with --key-url " + started.oldKey() + ")");
            }
            steps.progress(why + "; rolling back to " + started.oldKey());
            KeyUrl back = steps.keyUrl(started.oldKey());
            line = started.step(time(), JournalEntry.ROLLBACK, started.newKey(), "switch " + request.shortName() + " back to "
                    + started.oldKey() + ": " + why, steps.deploymentName(back));
            journal.append(line);
            try {
                steps.deploy(back);
            } catch (DeploymentStillRunning s) {
                return stillRunning(s);
            } catch (RuntimeException e) {
                return end(Outcome.FAILED, "failed: " + why + "; the rollback failed too: " + steps.describe(e),
                        "failed: " + why + "; the rollback to " + started.oldKey() + " failed too: " + steps.describe(e)
                                + " — run '" + Commands.dicomCmk("diagnose", request.serviceId()) + "' now").withCause(e);
            }
            return end(Outcome.ROLLED_BACK, JournalEntry.ROLLED_BACK + ": " + why,
                    "rolled back to " + started.oldKey() + ": " + why);
        }

        RotationResult end(Outcome outcome, String journalOutcome, String message) {
            journal.append(line.ended(time(), journalOutcome));
            return result(outcome, message);
        }

        private RotationResult result(Outcome outcome, String message) {
            return RotationResult.of(request, outcome, started.oldKey(), started.newKey(), started.deployment(),
                    started.plan(), message);
        }

        /**
         * Every version the service may have encrypted data with, from every source: its key now (the new
         * one), the journal (every write command's lines) and the resource group's deployment history.
         */
        private List<KeptVersion> keepEnabled() {
            List<DeployedKey> deployed;
            try {
                deployed = steps.deployedKeys();
            } catch (RuntimeException unreadable) {
                deployed = List.of();
                notes.add("the deployment history could not be read (" + steps.describe(unreadable)
                        + "): the list to keep enabled has only the journal and the service's key");
            }
            // this attempt's end is written after the list is made: its switch line already names both keys
            return KeepList.build(started.newKey(), journal.keysRunOn(request.serviceId()), deployed);
        }
    }
}
