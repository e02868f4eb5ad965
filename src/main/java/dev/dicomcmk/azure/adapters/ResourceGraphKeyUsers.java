package dev.dicomcmk.azure.adapters;

import dev.dicomcmk.app.KeyUsers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.FleetDiscovery;
import dev.dicomcmk.azure.Json;
import dev.dicomcmk.azure.KeyAccessHolders;
import dev.dicomcmk.azure.ResourceGraphClient;
import dev.dicomcmk.model.KeyUrl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@link KeyUsers} over Azure Resource Graph: the one query rotate-key --uses-key makes (any version; versioned and
 * versionless key URLs alike), over a scope of subscriptions or a management group, optionally one resource group's
 * name. A service the principal cannot read is not in the answer: its identity, still granted on the key, is what
 * {@link #unseen} finds.
 */
public final class ResourceGraphKeyUsers implements KeyUsers {

    private final AzureSession session;
    private final FleetDiscovery discovery;
    private final ResourceGraphClient.Scope scope;
    private final String resourceGroup;
    private final Supplier<String> operator;

    /** @param operator the signed-in principal's object id, asked only when {@link #unseen} runs */
    public ResourceGraphKeyUsers(AzureSession session, FleetDiscovery discovery, ResourceGraphClient.Scope scope,
                                 String resourceGroup, Supplier<String> operator) {
        this.session = session;
        this.discovery = discovery;
        this.scope = scope;
        this.resourceGroup = resourceGroup;
        this.operator = operator;
    }

    @Override
    public List<KeyUser> of(KeyUrl key) {
        if (scope.managementGroup() == null && scope.subscriptions().isEmpty()) {
            return List.of();   // the principal can read no subscription
        }
        List<KeyUser> out = new ArrayList<>();
        for (FleetDiscovery.Found f : discovery.dicomServices(scope, resourceGroup, key)) {
            out.add(new KeyUser(f.id(), Json.text(f.resource(), "properties", "encryption", "customerManagedKeyEncryption",
                    "keyEncryptionKeyUrl"), principals(f.resource().path("identity"))));
        }
        return out;
    }

    @Override
    public List<Unseen> unseen(String vaultId, KeyUrl key, List<KeyUser> found) {
        Set<String> known = new HashSet<>();
        found.forEach(u -> u.principalIds().forEach(p -> known.add(p.toLowerCase(Locale.ROOT))));
        List<KeyAccessHolders.Holder> holders = new KeyAccessHolders(session).of(vaultId, key);
        if (holders.isEmpty()) {
            return List.of();
        }
        known.add(operator.get().toLowerCase(Locale.ROOT));
        return holders.stream().filter(h -> !known.contains(h.principalId().toLowerCase(Locale.ROOT)))
                .map(h -> new Unseen(h.principalId(), h.how())).toList();
    }

    @Override
    public String describe() {
        return (resourceGroup == null ? "" : "resource group " + resourceGroup + " of ") + scope.describe();
    }

    /** The system-assigned identity's and every user-assigned identity's principal id. */
    private static List<String> principals(JsonNode identity) {
        List<String> out = new ArrayList<>();
        String system = Json.text(identity, "principalId");
        if (system != null) {
            out.add(system);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = identity.path("userAssignedIdentities").fields(); it.hasNext(); ) {
            String p = Json.text(it.next().getValue(), "principalId");
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }
}
