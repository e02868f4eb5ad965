package dev.dicomcmk.testing;

import dev.dicomcmk.sandbox.Sandbox;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;

import java.util.ArrayList;

/** Key Vault rotating a key on its own, in a test's sandbox: what --from-event and --to-latest then follow. */
public final class KeyVaultRotation {

    private KeyVaultRotation() {
    }

    /**
     * A new version of the key, as a rotation policy makes it (the newest version's type, size and operations,
     * created now or a second after it, expiring in two years); the sandbox publishes its event. Answers the version.
     */
    public static String newVersion(Sandbox sandbox, String vault, String keyName) {
        String[] made = new String[1];
        sandbox.world().update(w -> {
            Key key = w.vault(vault).orElseThrow().key(keyName).orElseThrow();
            KeyVersion cur = key.latest();
            KeyVersion v = new KeyVersion();
            v.version = w.ids.keyVersion();
            v.kty = cur.kty;
            v.keySize = cur.keySize;
            v.keyOps = new ArrayList<>(cur.keyOps);
            v.created = Math.max(sandbox.clock().nowEpochSecond(), cur.created + 1);
            v.updated = v.created;
            v.exp = v.created + 730L * 86400;
            key.versions.add(v);
            made[0] = v.version;
        });
        return made[0];
    }
}
