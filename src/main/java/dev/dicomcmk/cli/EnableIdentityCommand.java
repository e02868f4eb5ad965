package dev.dicomcmk.cli;

import dev.dicomcmk.access.OperatorNeeds;
import dev.dicomcmk.app.OperatorPermissionGate;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.DicomServiceReader;
import dev.dicomcmk.azure.DicomServiceWriter;
import dev.dicomcmk.azure.FactsCollector;
import dev.dicomcmk.azure.FactsRequest;
import dev.dicomcmk.azure.Grant;
import dev.dicomcmk.azure.IdentityReader;
import dev.dicomcmk.azure.KeyAccessGranter;
import dev.dicomcmk.azure.SignedInPrincipal;
import dev.dicomcmk.azure.VaultReader;
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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** enable-identity: turn on a managed identity (keeping the others) and grant it least-privilege key access. */
@Command(name = "enable-identity", sortOptions = false,
        header = "Turn on the service's managed identity and grant it access to the key.",
        description = {"Turns on a system- or user-assigned identity with PATCH (identities already there are kept) "
                + "and, with --grant-key-access, gives it the least privilege the key needs: Key Vault Crypto Service "
                + "Encryption User at the key (RBAC vaults), get/wrapKey/unwrapKey (access-policy vaults), or the "
                + "Managed HSM local role Crypto Service Encryption User at the key.",
            "Without an identity option, --grant-key-access grants every identity the service already has. "
                + "A second run writes nothing."})
public final class EnableIdentityCommand implements Callable<Integer> {

    @ParentCommand
    DicomCmkCommand root;

    @Mixin
    ServiceOptions serviceOptions;

    @ArgGroup(exclusive = true)
    Which which;

    static final class Which {
        @Option(names = "--system-assigned", required = true, description = "Turn on the system-assigned identity.")
        boolean systemAssigned;

        @Option(names = "--user-assigned", required = true, paramLabel = "ID",
                description = "Add this user-assigned identity (its ARM id).")
        String userAssigned;
    }

    @Option(names = "--grant-key-access", description = "Also grant the identity least-privilege access to the key.")
    boolean grantKeyAccess;

    @Option(names = "--key-url", paramLabel = "URL",
            description = "The key to grant access to (default: the service's current key).")
    String keyUrl;

    @Option(names = "--scope", paramLabel = "key|vault", converter = GrantScopeConverter.class,
            description = "Grant at the key (default, least privilege) or at its whole vault.")
    GrantScope scope = GrantScope.KEY;

    @Option(names = "--dry-run", description = "Print what would change; change nothing.")
    boolean dryRun;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "The journal every change is written to before it is made (default: rotate-key's, $XDG_STATE_HOME/dicom-cmk/HOST/journal.jsonl).")
    Path journalFile;

    @Mixin
    StateDirOption stateDir;

    @Override
    public Integer call() {
        if (which == null && !grantKeyAccess) {
            throw new InvalidInputException("enable-identity needs --system-assigned, --user-assigned ID, "
                    + "--grant-key-access, or an identity option with --grant-key-access");
        }
        AzureContext azure = root.azure();
        stateDir.apply(azure);
        ServiceId id = ServiceId.parse(serviceOptions.service(), serviceOptions.resourceGroup(), azure.subscriptionOrNull());
        IdentityRequest request = which == null ? null : which.systemAssigned ? IdentityRequest.systemAssigned()
                : new IdentityRequest(IdentityPlanner.requireUserAssignedId(which.userAssigned));
        KeyUrl candidate = keyUrl == null ? null
                : KeyUrl.parse(keyUrl, azure.cloud().keyVaultDnsSuffix(), azure.cloud().managedHsmDnsSuffix());

        AzureSession session = azure.session();
        ServiceFacts service = new DicomServiceReader(session.arm()).read(id);
        KeyUrl key = null;
        VaultFacts vault = null;
        if (grantKeyAccess) {
            key = candidate != null ? candidate : storedKey(service, azure);
            vault = new VaultReader(session.arm()).read(key, id.subscriptionId());
        }
        IdentityPlan plan = IdentityPlanner.plan(service, request, key, vault, scope);
        ChangeLog log = new ChangeLog(root, "enable-identity", id);
        log.plan(plan);
        ServiceFacts before = service;
        VaultFacts grantVault = vault;
        new OperatorPermissionGate(session).require("enable-identity", OperatorNeeds.forIdentityPlan(plan, id.armId(),
                key, vault, target -> knownPrincipal(session, before, target),
                principal -> new KeyAccessGranter(session).alreadyGranted(plan.grant(), grantVault, principal),
                SameCommand.of(root)), log::note);
        if (dryRun) {
            return log.finish(ExitCode.OK, "dry run: nothing changed");
        }
        // an earlier run's write that never recorded its end is ended with what Azure reports now
        WriteJournal writes = writeJournal(session, id, log);
        writes.reconcile(open -> reconciled(open, before));
        if (!plan.changesIdentity() && plan.grant() == null) {
            return log.finish(ExitCode.OK, "identity already on: nothing to change");
        }
        Confirmation.confirm(root, "Change " + id.shortName() + " as planned above?");
        // a user-assigned identity is trusted by the key before the service is given it: the service uses a
        // user-assigned identity for its key, so attaching it first would cut the service off from its key until
        // the grant lands, and for good if the run is killed in between (its principal does not depend on the service)
        boolean granted = grantKeyAccess(plan, writes, session, id, service, key, vault, log, false);
        if (plan.changesIdentity()) {
            String set = "set identity type " + plan.identityType()
                    + (plan.userAssigned().isEmpty() ? "" : " with " + String.join(", ", plan.userAssigned()));
            service = DicomServiceReader.parse(id, writes.write("set-identity", null, null, set, null,
                    () -> new DicomServiceWriter(session.arm()).patchIdentity(id, plan.identityType(), plan.userAssigned(),
                            log::progress)));
            log.identityChanged(service);
        }
        // the system-assigned identity's principal exists only once the service has it
        granted |= grantKeyAccess(plan, writes, session, id, service, key, vault, log, true);
        if (granted) {
            log.note("effective access can take a few minutes to reach Key Vault (role assignments replicate)");
            warnBroaderRoles(session, id, key, log);
        }
        return log.finish(ExitCode.OK, null);
    }

    /** Grants the planned key access to the system-assigned identity, or to the user-assigned ones; true when any was planned. */
    private static boolean grantKeyAccess(IdentityPlan plan, WriteJournal writes, AzureSession session, ServiceId id,
                                          ServiceFacts service, KeyUrl key, VaultFacts vault, ChangeLog log, boolean system) {
        if (plan.grant() == null) {
            return false;
        }
        boolean any = false;
        for (String target : plan.grantTo()) {
            if (IdentityPlan.SYSTEM.equals(target) != system) {
                continue;
            }
            String principal = principalOf(session, service, target);
            Grant g = writes.write("grant-key-access", null, key.url(), plan.grant().describe() + " to principal " + principal
                    + " (" + (system ? "system-assigned identity" : target) + ")", null,
                    () -> new KeyAccessGranter(session).grant(plan.grant(), key, vault, principal, id.subscriptionId()));
            log.granted(target, principal, plan.grant(), g);
            any = true;
        }
        return any;
    }

    private WriteJournal writeJournal(AzureSession session, ServiceId id, ChangeLog log) {
        return new WriteJournal(root.azure().journal(journalFile, log::say), JournalEntry.ENABLE_IDENTITY, id.armId(),
                () -> SignedInPrincipal.objectId(session), () -> session.clock().now());
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
    private void warnBroaderRoles(AzureSession session, ServiceId id, KeyUrl key, ChangeLog log) {
        var facts = new FactsCollector(session).collect(new FactsRequest(id, key, id.subscriptionId()));
        Finding f = new RequirementsChecker(CheckSettings.defaults()).check(id.armId(), facts)
                .finding(Requirement.IDENTITY_LEAST_PRIVILEGE);
        if (f.verdict() == Verdict.WARN) {
            log.warning(f.detail() + " — " + f.remedy());
        } else if (f.verdict() == Verdict.SKIP) {
            // the grant is done; only the look for broader roles could not be made, and that is said
            log.note("could not check the identities for broader roles than needed: " + f.detail());
        }
    }

    private static KeyUrl storedKey(ServiceFacts service, AzureContext azure) {
        if (service.keyUrl() == null || service.keyUrl().isBlank()) {
            throw new InvalidInputException("the service has no customer-managed key yet; name the key with --key-url");
        }
        return KeyUrl.parse(service.keyUrl(), azure.cloud().keyVaultDnsSuffix(), azure.cloud().managedHsmDnsSuffix());
    }

    /** The object id a grant target has before any change, or null (a system identity not on yet, an unreadable one). */
    private static String knownPrincipal(AzureSession session, ServiceFacts service, String target) {
        try {
            return principalOf(session, service, target);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The principal to grant: the system identity's, or a user-assigned identity's as its own resource
     * has it now (a re-created identity has a new principal the service has not taken up yet).
     */
    private static String principalOf(AzureSession session, ServiceFacts service, String target) {
        if (IdentityPlan.SYSTEM.equals(target)) {
            return service.systemPrincipalId();
        }
        String principal = new IdentityReader(session.arm()).current(target).principalId();
        if (principal == null) {
            throw new InvalidInputException("ARM reports no principal for " + target);
        }
        return principal;
    }
}
