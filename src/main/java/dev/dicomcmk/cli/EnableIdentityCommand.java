package dev.dicomcmk.cli;

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
            description = "The journal every change is written to before it is made (default: $XDG_STATE_HOME/dicom-cmk/journal.jsonl).")
    Path journalFile;

    @Override
    public Integer call() {
        if (which == null && !grantKeyAccess) {
            throw new InvalidInputException("enable-identity needs --system-assigned, --user-assigned ID, "
                    + "--grant-key-access, or an identity option with --grant-key-access");
        }
        AzureContext azure = root.azure();
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
        if (dryRun) {
            return log.finish(ExitCode.OK, "dry run: nothing changed");
        }
        // an earlier run's write that never recorded its end is ended with what Azure reports now
        WriteJournal writes = writeJournal(session, id, log);
        ServiceFacts before = service;
        writes.reconcile(open -> reconciled(open, before));
        if (!plan.changesIdentity() && plan.grant() == null) {
            return log.finish(ExitCode.OK, "identity already on: nothing to change");
        }
        Confirmation.confirm(root, "Change " + id.shortName() + " as planned above?");
        if (plan.changesIdentity()) {
            String set = "set identity type " + plan.identityType()
                    + (plan.userAssigned().isEmpty() ? "" : " with " + String.join(", ", plan.userAssigned()));
            service = DicomServiceReader.parse(id, writes.write("set-identity", null, null, set, null,
                    () -> new DicomServiceWriter(session.arm()).patchIdentity(id, plan.identityType(), plan.userAssigned(),
                            log::progress)));
            log.identityChanged(service);
        }
        if (plan.grant() != null) {
            for (String target : plan.grantTo()) {
                String principal = principalOf(session, service, target);
                KeyUrl granted = key;
                VaultFacts in = vault;
                Grant g = writes.write("grant-key-access", null, key.url(), plan.grant().describe() + " to principal " + principal
                        + " (" + (IdentityPlan.SYSTEM.equals(target) ? "system-assigned identity" : target) + ")", null,
                        () -> new KeyAccessGranter(session).grant(plan.grant(), granted, in, principal, id.subscriptionId()));
                log.granted(target, principal, plan.grant(), g);
            }
            log.note("effective access can take a few minutes to reach Key Vault (role assignments replicate)");
            warnBroaderRoles(session, id, key, log);
        }
        return log.finish(ExitCode.OK, null);
    }

    private WriteJournal writeJournal(AzureSession session, ServiceId id, ChangeLog log) {
        Path file = journalFile != null ? journalFile : root.azure().defaultJournal(log::note);
        return new WriteJournal(new Journal(file), JournalEntry.ENABLE_IDENTITY, id.armId(),
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
