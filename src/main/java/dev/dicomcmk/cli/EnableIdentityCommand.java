package dev.dicomcmk.cli;

import dev.dicomcmk.azure.adapters.AzureIdentityPort;
import dev.dicomcmk.app.EnableIdentity;
import dev.dicomcmk.identity.GrantScope;
import dev.dicomcmk.identity.IdentityPlanner;
import dev.dicomcmk.identity.IdentityRequest;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
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
        ChangeLog log = new ChangeLog(root, "enable-identity", id);
        String result = new EnableIdentity(new AzureIdentityPort(azure.session()), log,
                () -> azure.journal(journalFile, log::say), question -> Confirmation.confirm(root, question))
                .run(new EnableIdentity.Request(id, request, grantKeyAccess, candidate, scope, dryRun, SameCommand.of(root)));
        return log.finish(ExitCode.OK, result);
    }
}
