package dev.dicomcmk.sandbox.keyvault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;
import dev.dicomcmk.sandbox.world.LifetimeAction;
import dev.dicomcmk.sandbox.world.RotationPolicy;
import dev.dicomcmk.sandbox.world.Vault;

/** Renders keys data-plane bodies in the exact shapes of the 7.x spec examples and the recordings. */
final class KeyJson {

    private KeyJson() {
    }

    static String base(Vault v, String dnsZone) {
        return "https://" + v.host(dnsZone);
    }

    static String kid(Vault v, Key k, KeyVersion kv, String dnsZone) {
        return base(v, dnsZone) + "/keys/" + k.name + "/" + kv.version;
    }

    /** KeyBundle: key (JsonWebKey), attributes, tags (only when there are some, as Key Vault does). */
    static ObjectNode bundle(Vault v, Key k, KeyVersion kv, String dnsZone) {
        ObjectNode b = Json.obj();
        b.set("key", jwk(kid(v, k, kv, dnsZone), kv));
        b.set("attributes", attributes(v, kv));
        if (!kv.tags.isEmpty()) {
            b.set("tags", Json.strings(kv.tags));
        }
        return b;
    }

    /** KeyItem of a version list (kid with version) or of the key list (kid without version). */
    static ObjectNode item(String kid, Vault v, KeyVersion kv) {
        ObjectNode i = Json.obj().put("kid", kid);
        i.set("attributes", attributes(v, kv));
        if (!kv.tags.isEmpty()) {
            i.set("tags", Json.strings(kv.tags));
        }
        return i;
    }

    static ObjectNode deletedBundle(Vault v, Key k, String dnsZone) {
        ObjectNode b = Json.obj().put("recoveryId", base(v, dnsZone) + "/deletedkeys/" + k.name)
                .put("deletedDate", k.deletedDate).put("scheduledPurgeDate", k.scheduledPurgeDate);
        b.setAll(bundle(v, k, k.latest(), dnsZone));
        return b;
    }

    static ObjectNode deletedItem(Vault v, Key k, String dnsZone) {
        ObjectNode b = Json.obj().put("recoveryId", base(v, dnsZone) + "/deletedkeys/" + k.name)
                .put("deletedDate", k.deletedDate).put("scheduledPurgeDate", k.scheduledPurgeDate);
        b.setAll(item(base(v, dnsZone) + "/keys/" + k.name, v, k.latest()));
        return b;
    }

    static ObjectNode jwk(String kid, KeyVersion kv) {
        ObjectNode j = Json.obj().put("kid", kid).put("kty", kv.kty);
        j.set("key_ops", Json.arr(kv.keyOps));
        if (kv.isRsa()) {
            j.put("n", KeyMaterial.modulus(kid, kv.keySize == null ? 2048 : kv.keySize)).put("e", KeyMaterial.exponent());
        } else if (kv.isEc()) {
            j.put("crv", kv.crv).put("x", KeyMaterial.coordinate(kid, "x", kv.crv))
                    .put("y", KeyMaterial.coordinate(kid, "y", kv.crv));
        }
        return j;
    }

    static ObjectNode attributes(Vault v, KeyVersion kv) {
        ObjectNode a = Json.obj().put("enabled", kv.enabled);
        if (kv.nbf != null) {
            a.put("nbf", kv.nbf);
        }
        if (kv.exp != null) {
            a.put("exp", kv.exp);
        }
        a.put("created", kv.created).put("updated", kv.updated)
                .put("recoveryLevel", recoveryLevel(v)).put("recoverableDays", v.softDeleteRetentionInDays);
        if (kv.exportable != null) {
            a.put("exportable", kv.exportable);
        }
        return a;
    }

    /** Key Vault's DeletionRecoveryLevel: purge protection removes "+Purgeable"; a custom retention adds "Customized". */
    static String recoveryLevel(Vault v) {
        String base = v.softDeleteRetentionInDays < 90 ? "CustomizedRecoverable" : "Recoverable";
        return Boolean.TRUE.equals(v.enablePurgeProtection) ? base : base + "+Purgeable";
    }

    /** A key's rotation policy; a key that never had one answers Key Vault's default (no id, attributes null). */
    static ObjectNode rotationPolicy(Vault v, Key k, String dnsZone) {
        RotationPolicy p = k.rotationPolicy;
        ObjectNode o = Json.obj();
        if (p == null) {
            o.set("lifetimeActions", Json.arr().add(action(new LifetimeAction(null, "P30D", "Notify"))));
            o.putNull("attributes");
            return o;
        }
        o.put("id", base(v, dnsZone) + "/keys/" + k.name + "/rotationpolicy");
        var actions = Json.arr();
        p.lifetimeActions.forEach(a -> actions.add(action(a)));
        o.set("lifetimeActions", actions);
        ObjectNode attrs = Json.obj();
        if (p.expiryTime != null) {
            attrs.put("expiryTime", p.expiryTime);
        }
        attrs.put("created", p.created).put("updated", p.updated);
        o.set("attributes", attrs);
        return o;
    }

    private static ObjectNode action(LifetimeAction a) {
        ObjectNode trigger = Json.obj();
        if (a.timeAfterCreate != null) {
            trigger.put("timeAfterCreate", a.timeAfterCreate);
        }
        if (a.timeBeforeExpiry != null) {
            trigger.put("timeBeforeExpiry", a.timeBeforeExpiry);
        }
        ObjectNode o = Json.obj();
        o.set("trigger", trigger);
        o.set("action", Json.obj().put("type", a.action));
        return o;
    }
}
