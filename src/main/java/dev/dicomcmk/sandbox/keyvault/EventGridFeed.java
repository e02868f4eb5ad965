package dev.dicomcmk.sandbox.keyvault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;
import dev.dicomcmk.sandbox.world.LifetimeAction;
import dev.dicomcmk.sandbox.world.RotationPolicy;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The Event Grid events a key vault publishes about its keys, in the Event Grid schema ("Azure Key Vault
 * as Event Grid source"): KeyNewVersionCreated for every version however it was made (create, import,
 * rotate, a rotation policy, a scenario's seed), KeyNearExpiry when the current version comes within the
 * notice of its expiry (a rotation policy's Notify action, else 30 days), KeyExpired when it expires.
 * Each version remembers which events it published (saved with the world), so each is published once
 * however often the world is swept. Managed HSMs publish no Event Grid events, as in Azure.
 */
public final class EventGridFeed {

    public static final String NEW_VERSION = "Microsoft.KeyVault.KeyNewVersionCreated";
    public static final String NEAR_EXPIRY = "Microsoft.KeyVault.KeyNearExpiry";
    public static final String EXPIRED = "Microsoft.KeyVault.KeyExpired";
    /** Key Vault's notice before expiry when no rotation policy says otherwise. */
    static final long DEFAULT_NOTICE_SECONDS = 30L * 24 * 3600;

    private EventGridFeed() {
    }

    private record Due(long at, String type, Vault vault, Key key, KeyVersion version) {
    }

    /** The events that fell due by now (Unix seconds) and were not published yet, oldest first; marks them published. */
    public static List<ObjectNode> publishDue(WorldState w, long now, String dnsZone) {
        List<Due> due = new ArrayList<>();
        for (Vault v : w.vaults) {
            if (v.isManagedHsm()) {
                continue;
            }
            for (Key k : v.keys) {
                if (k.isDeleted() || k.versions.isEmpty()) {
                    continue;
                }
                for (KeyVersion kv : k.versions) {
                    if (!kv.eventsPublished.contains(NEW_VERSION)) {
                        due.add(new Due(kv.created, NEW_VERSION, v, k, kv));
                    }
                }
                // near expiry and expired are about the current version only
                KeyVersion current = k.latest();
                if (current.exp != null) {
                    long noticeAt = current.exp - notice(k.rotationPolicy);
                    if (now >= noticeAt && !current.eventsPublished.contains(NEAR_EXPIRY)) {
                        due.add(new Due(Math.max(noticeAt, current.created), NEAR_EXPIRY, v, k, current));
                    }
                    if (now >= current.exp && !current.eventsPublished.contains(EXPIRED)) {
                        due.add(new Due(current.exp, EXPIRED, v, k, current));
                    }
                }
            }
        }
        due.sort(Comparator.comparingLong(Due::at));
        List<ObjectNode> out = new ArrayList<>();
        for (Due d : due) {
            d.version().eventsPublished.add(d.type());
            out.add(event(w, d, dnsZone));
        }
        return out;
    }

    /** A rotation policy's Notify action before expiry, else Key Vault's default 30 days. */
    private static long notice(RotationPolicy p) {
        if (p != null) {
            for (LifetimeAction a : p.lifetimeActions) {
                if ("Notify".equalsIgnoreCase(a.action) && a.timeBeforeExpiry != null) {
                    Long span = KeyVaultEndpoint.plusOrNull(0, a.timeBeforeExpiry);
                    if (span != null) {
                        return span;
                    }
                }
            }
        }
        return DEFAULT_NOTICE_SECONDS;
    }

    private static ObjectNode event(WorldState w, Due d, String dnsZone) {
        String url = "https://" + d.vault().host(dnsZone) + "/keys/" + d.key().name + "/" + d.version().version;
        ObjectNode data = Json.obj().put("Id", url).put("VaultName", d.vault().name).put("ObjectType", "Key")
                .put("ObjectName", d.key().name).put("Version", d.version().version);
        if (d.version().nbf == null) {
            data.putNull("NBF");
        } else {
            data.put("NBF", d.version().nbf);
        }
        if (d.version().exp == null) {
            data.putNull("EXP");
        } else {
            data.put("EXP", d.version().exp);
        }
        // the same event has the same id: a delivery repeated from a restored state is recognisably the same
        String id = UUID.nameUUIDFromBytes((d.type() + " " + url).getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode e = Json.obj().put("id", id).put("topic", d.vault().id(w.subscriptionId)).put("subject", d.key().name)
                .put("eventType", d.type()).put("eventTime", Instant.ofEpochSecond(d.at()).toString());
        e.set("data", data);
        return e.put("dataVersion", "1").put("metadataVersion", "1");
    }
}
