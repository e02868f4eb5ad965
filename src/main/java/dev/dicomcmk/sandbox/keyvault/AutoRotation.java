package dev.dicomcmk.sandbox.keyvault;

import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;
import dev.dicomcmk.sandbox.world.LifetimeAction;
import dev.dicomcmk.sandbox.world.RotationPolicy;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Key Vault's rotation policy at work: a Rotate action whose trigger (timeAfterCreate of the newest
 * version, or timeBeforeExpiry of it) has passed makes a new version, dated when it fell due, as
 * often as the sandbox clock has passed such a point. Key Vault does this on its own schedule; the
 * sandbox does it whenever its clock moves or a key is read, which is all a client can observe.
 */
public final class AutoRotation {

    /** A long clock jump with a short policy must not make thousands of versions. */
    private static final int MAX_ROTATIONS_PER_KEY = 100;

    private AutoRotation() {
    }

    /** Rotates every key whose policy is due at now (Unix seconds); true if any version was made. */
    public static boolean run(WorldState w, long now) {
        boolean any = false;
        for (Vault v : w.vaults) {
            for (Key k : v.keys) {
                if (!k.isDeleted() && k.rotationPolicy != null && !k.versions.isEmpty()) {
                    any |= rotateDue(w, k, now);
                }
            }
        }
        return any;
    }

    private static boolean rotateDue(WorldState w, Key k, long now) {
        boolean any = false;
        for (int i = 0; i < MAX_ROTATIONS_PER_KEY; i++) {
            Long due = dueAt(k.rotationPolicy, k.latest());
            if (due == null || due > now) {
                break;
            }
            k.versions.add(newVersion(w, k, Math.max(due, k.latest().created + 1)));
            any = true;
        }
        return any;
    }

    /** When the newest version falls due for rotation under the policy, or null when it never does. */
    static Long dueAt(RotationPolicy p, KeyVersion latest) {
        Long due = null;
        for (LifetimeAction a : p.lifetimeActions) {
            if (!"Rotate".equals(a.action)) {
                continue;
            }
            Long at = null;
            if (a.timeAfterCreate != null) {
                at = KeyVaultEndpoint.plusOrNull(latest.created, a.timeAfterCreate);
            } else if (a.timeBeforeExpiry != null && latest.exp != null) {
                Long span = KeyVaultEndpoint.plusOrNull(0, a.timeBeforeExpiry);
                at = span == null ? null : latest.exp - span;
            }
            if (at != null && (due == null || at < due)) {
                due = at;
            }
        }
        return due;
    }

    /**
     * A new version of k, as POST /keys/{name}/rotate makes it (on demand or by the policy): the newest version's
     * type, size, curve, operations, tags and exportability; its expiry from the rotation policy, if it sets one.
     */
    static KeyVersion newVersion(WorldState w, Key k, long created) {
        KeyVersion cur = k.latest();
        KeyVersion kv = new KeyVersion();
        kv.kty = cur.kty;
        kv.keySize = cur.keySize;
        kv.crv = cur.crv;
        kv.keyOps = new ArrayList<>(cur.keyOps);
        kv.tags = new LinkedHashMap<>(cur.tags);
        kv.exportable = cur.exportable;
        kv.version = w.ids.keyVersion();
        kv.created = created;
        kv.updated = created;
        if (k.rotationPolicy != null && k.rotationPolicy.expiryTime != null) {
            // the policy's expiryTime was checked when it was set
            kv.exp = KeyVaultEndpoint.plusOrNull(created, k.rotationPolicy.expiryTime);
        }
        return kv;
    }
}
