package dev.dicomcmk.cli;

import dev.dicomcmk.advice.Advice;
import dev.dicomcmk.advice.Commands;
import dev.dicomcmk.azure.adapters.AzureRotationSteps;
import dev.dicomcmk.app.KeyUsers;
import dev.dicomcmk.azure.adapters.ResourceGraphKeyUsers;
import dev.dicomcmk.azure.AzureFailure;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.FleetDiscovery;
import dev.dicomcmk.azure.ResourceGraphClient;
import dev.dicomcmk.azure.SignedInPrincipal;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.rotation.Fleet;
import dev.dicomcmk.rotation.KeyVaultEvent;
import dev.dicomcmk.rotation.KeyVaultEvents;
import dev.dicomcmk.rotation.RotationResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * rotate-key --from-event's walk over one delivery: a new version re-points every service on its key (each by
 * the rotation a single --key-url run makes, forward only: checked, journaled, locked, verified, rolled back);
 * an expiry event lists the services still pinned to its version. The same event twice is acted on once; the
 * services on a key come from {@link KeyUsers} (one Resource Graph query), asked once per key (again after its
 * services were moved); the identities the key's vault grants it to that none of them has are reported.
 */
final class EventFollowing {

    private final DicomCmkCommand root;
    private final KeyUsers users;
    private final boolean dryRun;
    private final int parallel;
    private final Consumer<String> progress;
    private final Consumer<String> say;

    EventFollowing(DicomCmkCommand root, KeyUsers users, boolean dryRun, int parallel, Consumer<String> progress,
                   Consumer<String> say) {
        this.root = root;
        this.users = users;
        this.dryRun = dryRun;
        this.parallel = parallel;
        this.progress = progress;
        this.say = say;
    }

    /**
     * The services on each event's key, looked for with one Resource Graph query in every subscription the principal
     * can read, or where the user narrowed it (--subscription, --management-group, --resource-group); says so when the
     * events concern none of them.
     */
    static List<RotationResult> followIn(DicomCmkCommand root, KeyUsers users, boolean dryRun,
                                         int parallel, Consumer<String> progress, Consumer<String> say,
                                         List<KeyVaultEvent> events,
                                         BiFunction<dev.dicomcmk.app.RotationPort.Listed, String, RotationResult> rotate) {
        List<RotationResult> results = new EventFollowing(root, users, dryRun, parallel, progress, say).follow(events, rotate);
        if (results.isEmpty()) {
            say.accept("note: no DICOM service in " + users.describe() + " is affected by the event"
                    + (events.size() == 1 ? "" : "s") + "; nothing to do");
        }
        return results;
    }

    /**
     * Where --from-event looks: every subscription the principal can read, unless --subscription (given on the command
     * line: $AZURE_SUBSCRIPTION_ID, often set for other tools, does not narrow it) or --management-group says where.
     */
    static KeyUsers users(FleetScopeOptions scope, String explicitSubscription, String resourceGroup, AzureContext azure) {
        if (scope.usesKey != null) {
            throw new InvalidInputException("--from-event takes its key from the event: drop --uses-key");
        }
        int where = (scope.allSubscriptions ? 1 : 0) + (scope.managementGroup != null ? 1 : 0) + (explicitSubscription != null ? 1 : 0);
        if (where > 1) {
            throw new InvalidInputException("--from-event: --all-subscriptions, --management-group and --subscription each say "
                    + "where to look; keep one");
        }
        if (scope.managementGroup != null) {
            FleetSelection.checkManagementGroup(scope.managementGroup);
        }
        if (explicitSubscription != null && !dev.dicomcmk.model.ServiceId.isGuid(explicitSubscription)) {
            throw new InvalidInputException("--subscription " + explicitSubscription + " is not a subscription id (a GUID)");
        }
        AzureSession session = azure.session();
        FleetDiscovery discovery = new FleetDiscovery(session.arm());
        ResourceGraphClient.Scope in = scope.managementGroup != null ? ResourceGraphClient.Scope.managementGroup(scope.managementGroup)
                : explicitSubscription != null ? ResourceGraphClient.Scope.of(List.of(explicitSubscription))
                : ResourceGraphClient.Scope.of(discovery.subscriptions());
        return new ResourceGraphKeyUsers(session, discovery, in, resourceGroup, () -> SignedInPrincipal.objectId(session));
    }

    /** @param rotate one service's rotation to the versioned key URL (forward only), run to its end */
    List<RotationResult> follow(List<KeyVaultEvent> events, BiFunction<dev.dicomcmk.app.RotationPort.Listed, String, RotationResult> rotate) {
        Map<String, List<KeyUsers.KeyUser>> byKey = new HashMap<>();
        Set<String> done = new HashSet<>();
        Set<String> looked = new HashSet<>();
        List<RotationResult> results = new ArrayList<>();
        for (KeyVaultEvent e : KeyVaultEvents.inActingOrder(events)) {
            if (!done.add(e.kind() + " " + e.key().url().toLowerCase(Locale.ROOT))) {
                continue;
            }
            String key = (e.key().host() + "/" + e.key().keyName()).toLowerCase(Locale.ROOT);
            List<KeyUsers.KeyUser> on = byKey.computeIfAbsent(key, k -> users.of(e.key()));
            progress.accept(e.kind().shortName() + " " + e.key().url() + ": " + on.size() + " service"
                    + (on.size() == 1 ? "" : "s") + " use key " + e.key().keyName());
            if (looked.add(key)) {
                reportUnseen(e, on);
            }
            if (e.kind() == KeyVaultEvent.Kind.NEW_VERSION) {
                results.addAll(newVersion(e, on, rotate));
                if (!dryRun) {
                    byKey.remove(key);   // the services may have moved: an expiry event after it lists them afresh
                }
            } else {
                on.stream().filter(u -> e.key().url().equalsIgnoreCase(u.keyUrl())).forEach(u -> results.add(pinned(e, u)));
            }
        }
        return results;
    }

    private List<RotationResult> newVersion(KeyVaultEvent e, List<KeyUsers.KeyUser> on,
                                            BiFunction<dev.dicomcmk.app.RotationPort.Listed, String, RotationResult> rotate) {
        if (on.isEmpty()) {
            return List.of();
        }
        if (!dryRun) {
            List<String> shown = new ArrayList<>(List.of("rotate-key --from-event would move to " + e.key().url()
                    + " (each only if it is newer than the service's version):"));
            on.forEach(u -> shown.add("  " + u.id().shortName()));
            Confirmation.confirm(root, shown, "Re-point " + on.size() + " DICOM services to " + e.key().version() + "?");
        }
        List<dev.dicomcmk.app.RotationPort.Listed> services = on.stream().map(u -> new dev.dicomcmk.app.RotationPort.Listed(u.id(), null)).toList();
        return Fleet.run(services, parallel, s -> rotate.apply(s, e.key().url()),
                (s, x) -> RotationResult.failed(s.id().armId(), AzureRotationSteps.describeFailure(x), x));
    }

    /** Most identities named one by one; the rest counted. */
    private static final int UNSEEN_SHOWN = 20;

    /**
     * Says which identities the key's vault lets use the key as a service does that none of the services found has:
     * each may be a DICOM service in a subscription the principal cannot read, which this run neither moved nor
     * listed. A warning, not a failure: such an identity may also be another resource's (a storage account's), and a
     * redelivered event could not do better. When the check itself cannot be made, that is said instead.
     */
    private void reportUnseen(KeyVaultEvent e, List<KeyUsers.KeyUser> on) {
        String key = "key " + e.key().keyName() + " of " + e.key().host();
        String left = e.kind() == KeyVaultEvent.Kind.NEW_VERSION ? (dryRun ? "would not be moved" : "was not moved")
                : "is not listed";
        if (e.vaultId() == null) {
            say.accept("warning: the event names no vault (Event Grid's topic, or CloudEvents' source): services on " + key
                    + " outside " + users.describe() + " were not looked for");
            return;
        }
        List<KeyUsers.Unseen> unseen;
        try {
            unseen = users.unseen(e.vaultId(), e.key(), on);
        } catch (AzureFailure f) {
            say.accept("warning: could not look for identities using " + key + " that no service found has ("
                    + f.getMessage() + "); a DICOM service in a subscription you cannot read would not be seen");
            return;
        }
        for (int i = 0; i < Math.min(UNSEEN_SHOWN, unseen.size()); i++) {
            KeyUsers.Unseen u = unseen.get(i);
            say.accept("warning: identity " + u.principalId() + " may use " + key + " (" + u.how() + ") but is none of the "
                    + on.size() + " DICOM services found in " + users.describe() + "; if it is a DICOM service's in a "
                    + "subscription you cannot read, that service " + left + ": give this principal Reader there");
        }
        if (unseen.size() > UNSEEN_SHOWN) {
            say.accept("warning: and " + (unseen.size() - UNSEEN_SHOWN) + " more identities like these");
        }
    }

    private static RotationResult pinned(KeyVaultEvent e, KeyUsers.KeyUser u) {
        return RotationResult.pinned(u.id().armId(), u.keyUrl(), "pinned: still on " + u.keyUrl() + ", which Key Vault reported "
                + e.kind().shortName() + (e.time() == null ? "" : " at " + e.time()) + "; " + Advice.steps(
                Advice.step("move it to a newer version the key has", Commands.dicomCmk("rotate-key", u.id()).with("--to-latest")),
                Advice.step("or, if it has none, make one and move it", Commands.dicomCmk("rotate-key", u.id())
                        .with("--new-version"))));
    }
}
