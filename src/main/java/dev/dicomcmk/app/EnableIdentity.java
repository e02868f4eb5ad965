package dev.dicomcmk.app;

import dev.dicomcmk.access.OperatorNeeds;
import dev.dicomcmk.identity.GrantScope;
import dev.dicomcmk.identity.IdentityPlan;
import dev.dicomcmk.identity.IdentityPlanner;
import dev.dicomcmk.identity.IdentityRequest;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.requirements.RequirementsChecker;
import dev.dicomcmk.requirements.Verdict;
import dev.dicomcmk.rotation.Journal;
import dev.dicomcmk.rotation.JournalEntry;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * enable-identity's use case: plan the identity change and the key access from what Azure reports, check
 * the operator's permissions, journal each write before it is made, turn the identity on (keeping the
 * others) and grant least-privilege key access. A second run writes nothing.
 */
public final class EnableIdentity {

    /**
     * @param identity      the identity to turn on, or null: only grant the ones the service has
     * @param candidateKey  the key to grant access to, or null: the service's current key
     * @param instead       the command line someone holding the missing permission can run instead
     */
    public record Request(ServiceId id, IdentityRequest identity, boolean grantKeyAccess, KeyUrl candidateKey,
                          GrantScope scope, boolean dryRun, String instead) {
    }

    private final IdentityPort azure;
    private final ChangeReport report;
    private final Supplier<Journal> journal;
    private final Consumer<String> confirm;

    /**
     * @param journal opened only when something may be written (a dry run never opens it)
     * @param confirm asks the operator before the first change; throws when they decline
     */
    public EnableIdentity(IdentityPort azure, ChangeReport report, Supplier<Journal> journal, Consumer<String> confirm) {
        this.azure = azure;
        this.report = report;
        this.journal = journal;
        this.confirm = confirm;
    }

    /** Runs it; answers the closing line to print (null: none). */
    public String run(Request request) {
        ServiceId id = request.id();
        ServiceFacts service = azure.service(id);
        KeyUrl key = null;
        VaultFacts vault = null;
        if (request.grantKeyAccess()) {
            key = request.candidateKey() != null ? request.candidateKey() : storedKey(service);
            vault = azure.vault(key, id.subscriptionId());
        }
        IdentityPlan plan = IdentityPlanner.plan(service, request.identity(), key, vault, request.scope());
        report.plan(plan);
        ServiceFacts before = service;
        VaultFacts grantVault = vault;
        azure.requirePermissions("enable-identity", OperatorNeeds.forIdentityPlan(plan, id.armId(),
                key, vault, target -> knownPrincipal(before, target),
                principal -> azure.alreadyGranted(plan.grant(), grantVault, principal),
                request.instead()), report::note);
        if (request.dryRun()) {
            return "dry run: nothing changed";
        }
        // an earlier run's write that never recorded its end is ended with what Azure reports now
        WriteJournal writes = new WriteJournal(journal.get(), JournalEntry.ENABLE_IDENTITY, id.armId(),
                azure::operator, azure::now);
        writes.reconcile(open -> reconciled(open, before));
        if (!plan.changesIdentity() && plan.grant() == null) {
            return "identity already on: nothing to change";
        }
        confirm.accept("Change " + id.shortName() + " as planned above?");
        // a user-assigned identity is trusted by the key before the service is given it: the service uses a
        // user-assigned identity for its key, so attaching it first would cut the service off from its key until
        // the grant lands, and for good if the run is killed in between (its principal does not depend on the service)
        boolean granted = grantKeyAccess(plan, writes, id, service, key, vault, false);
        if (plan.changesIdentity()) {
            String set = "set identity type " + plan.identityType()
                    + (plan.userAssigned().isEmpty() ? "" : " with " + String.join(", ", plan.userAssigned()));
            service = writes.write("set-identity", null, null, set, null,
                    () -> azure.patchIdentity(id, plan.identityType(), plan.userAssigned(), report::progress));
            report.identityChanged(service);
        }
        // the system-assigned identity's principal exists only once the service has it
        granted |= grantKeyAccess(plan, writes, id, service, key, vault, true);
        if (granted) {
            report.note("effective access can take a few minutes to reach Key Vault (role assignments replicate)");
            warnBroaderRoles(id, key);
        }
        return null;
    }

    /** Grants the planned key access to the system-assigned identity, or to the user-assigned ones; true when any was planned. */
    private boolean grantKeyAccess(IdentityPlan plan, WriteJournal writes, ServiceId id, ServiceFacts service, KeyUrl key,
                                   VaultFacts vault, boolean system) {
        if (plan.grant() == null) {
            return false;
        }
        boolean any = false;
        for (String target : plan.grantTo()) {
            if (IdentityPlan.SYSTEM.equals(target) != system) {
                continue;
            }
            String principal = principalOf(service, target);
            boolean created = writes.write("grant-key-access", null, key.url(), plan.grant().describe() + " to principal "
                    + principal + " (" + (system ? "system-assigned identity" : target) + ")", null,
                    () -> azure.grant(plan.grant(), key, vault, principal, id.subscriptionId()));
            report.granted(target, principal, plan.grant(), created);
            any = true;
        }
        return any;
    }

    /**
     * How an earlier run's write that never recorded its end turned out, as far as this run read it: the
     * identity as the service reports it now; a grant is planned again from Azure by this run (one already
     * there is left as it is), so its line says that.
     */
    private static String reconciled(JournalEntry open, ServiceFacts now) {
        if ("set-identity".equals(open.action())) {
            return "reconciled: read back by a later run: the service reports identity type " + now.identityType()
                    + (now.systemPrincipalId() == null ? "" : ", system-assigned principal " + now.systemPrincipalId());
        }
        return "reconciled: not read back; a later run planned the key access again from Azure (a grant already there is "
                + "left as it is)";
    }

    /** The checker's least-privilege finding: broader roles the identity also holds (the docs' template grants Crypto Officer). */
    private void warnBroaderRoles(ServiceId id, KeyUrl key) {
        Finding f = new RequirementsChecker(CheckSettings.defaults()).check(id.armId(), azure.facts(id, key))
                .finding(Requirement.IDENTITY_LEAST_PRIVILEGE);
        if (f.verdict() == Verdict.WARN) {
            report.warning(f.detail() + " — " + f.remedy());
        } else if (f.verdict() == Verdict.SKIP) {
            // the grant is done; only the look for broader roles could not be made, and that is said
            report.note("could not check the identities for broader roles than needed: " + f.detail());
        }
    }

    private KeyUrl storedKey(ServiceFacts service) {
        if (service.keyUrl() == null || service.keyUrl().isBlank()) {
            throw new InvalidInputException("the service has no customer-managed key yet; name the key with --key-url");
        }
        return azure.keyUrl(service.keyUrl());
    }

    /** The object id a grant target has before any change, or null (a system identity not on yet, an unreadable one). */
    private String knownPrincipal(ServiceFacts service, String target) {
        try {
            return principalOf(service, target);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The principal to grant: the system identity's, or a user-assigned identity's as its own resource
     * has it now (a re-created identity has a new principal the service has not taken up yet).
     */
    private String principalOf(ServiceFacts service, String target) {
        if (IdentityPlan.SYSTEM.equals(target)) {
            return service.systemPrincipalId();
        }
        String principal = azure.userAssignedPrincipal(target);
        if (principal == null) {
            throw new InvalidInputException("ARM reports no principal for " + target);
        }
        return principal;
    }
}
