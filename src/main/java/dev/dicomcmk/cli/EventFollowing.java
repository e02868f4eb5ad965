package dev.dicomcmk.cli;

import dev.dicomcmk.advice.Advice;
import dev.dicomcmk.advice.Commands;
import dev.dicomcmk.app.AzureRotationSteps;
import dev.dicomcmk.app.KeyUsers;
import dev.dicomcmk.app.SubscriptionKeyUsers;
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
 * services on a key come from {@link KeyUsers}, asked once per key (again after its services were moved).
 */
final class EventFollowing {

    private final DicomCmkCommand root;
    private final KeyUsers users;
    private final boolean dryRun;
    private final int parallel;
    private final Consumer<String> progress;

    EventFollowing(DicomCmkCommand root, KeyUsers users, boolean dryRun, int parallel, Consumer<String> progress) {
        this.root = root;
        this.users = users;
        this.dryRun = dryRun;
        this.parallel = parallel;
        this.progress = progress;
    }

    /**
     * The services on each event's key, looked for in the subscription (or {@code resourceGroup}); says so when the
     * events concern none of them.
     */
    static List<RotationResult> followIn(DicomCmkCommand root, AzureContext azure, String resourceGroup, boolean dryRun,
                                         int parallel, Consumer<String> progress, Consumer<String> say,
                                         List<KeyVaultEvent> events,
                                         BiFunction<AzureRotationSteps.Listed, String, RotationResult> rotate) {
        String subscription = azure.subscriptionOrNull();
        if (subscription == null) {
            throw new InvalidInputException("--from-event needs --subscription (or $AZURE_SUBSCRIPTION_ID): the services on "
                    + "the event's key are looked for there");
        }
        KeyUsers users = new SubscriptionKeyUsers(azure.session(), subscription, resourceGroup);
        List<RotationResult> results = new EventFollowing(root, users, dryRun, parallel, progress).follow(events, rotate);
        if (results.isEmpty()) {
            say.accept("note: no DICOM service in " + (resourceGroup == null ? "subscription " + subscription
                    : "resource group " + resourceGroup) + " is affected by the event"
                    + (events.size() == 1 ? "" : "s") + "; nothing to do");
        }
        return results;
    }

    /** @param rotate one service's rotation to the versioned key URL (forward only), run to its end */
    List<RotationResult> follow(List<KeyVaultEvent> events, BiFunction<AzureRotationSteps.Listed, String, RotationResult> rotate) {
        Map<String, List<KeyUsers.KeyUser>> byKey = new HashMap<>();
        Set<String> done = new HashSet<>();
        List<RotationResult> results = new ArrayList<>();
        for (KeyVaultEvent e : KeyVaultEvents.inActingOrder(events)) {
            if (!done.add(e.kind() + " " + e.key().url().toLowerCase(Locale.ROOT))) {
                continue;
            }
            String key = (e.key().host() + "/" + e.key().keyName()).toLowerCase(Locale.ROOT);
            List<KeyUsers.KeyUser> on = byKey.computeIfAbsent(key, k -> users.of(e.key()));
            progress.accept(e.kind().shortName() + " " + e.key().url() + ": " + on.size() + " service"
                    + (on.size() == 1 ? "" : "s") + " use key " + e.key().keyName());
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
                                            BiFunction<AzureRotationSteps.Listed, String, RotationResult> rotate) {
        if (on.isEmpty()) {
            return List.of();
        }
        if (!dryRun) {
            List<String> shown = new ArrayList<>(List.of("rotate-key --from-event would move to " + e.key().url()
                    + " (each only if it is newer than the service's version):"));
            on.forEach(u -> shown.add("  " + u.id().shortName()));
            Confirmation.confirm(root, shown, "Re-point " + on.size() + " DICOM services to " + e.key().version() + "?");
        }
        List<AzureRotationSteps.Listed> services = on.stream().map(u -> new AzureRotationSteps.Listed(u.id(), null)).toList();
        return Fleet.run(services, parallel, s -> rotate.apply(s, e.key().url()),
                (s, x) -> RotationResult.failed(s.id().armId(), AzureRotationSteps.describeFailure(x), x));
    }

    private static RotationResult pinned(KeyVaultEvent e, KeyUsers.KeyUser u) {
        return RotationResult.pinned(u.id().armId(), u.keyUrl(), "pinned: still on " + u.keyUrl() + ", which Key Vault reported "
                + e.kind().shortName() + (e.time() == null ? "" : " at " + e.time()) + "; " + Advice.steps(
                Advice.step("move it to a newer version the key has", Commands.dicomCmk("rotate-key", u.id()).with("--to-latest")),
                Advice.step("or, if it has none, make one and move it", Commands.dicomCmk("rotate-key", u.id())
                        .with("--new-version"))));
    }
}
