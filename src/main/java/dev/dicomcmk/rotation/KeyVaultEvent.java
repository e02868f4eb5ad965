package dev.dicomcmk.rotation;

import dev.dicomcmk.model.KeyUrl;

/**
 * One Key Vault key event as Event Grid delivered it, reduced to what rotate-key acts on.
 *
 * @param kind the event type
 * @param key  the versioned key URL the event is about (data.Id), checked to be of this cloud
 * @param id   the event's id (Event Grid redelivers the same id), for messages
 * @param time the event's time as sent, for messages; may be null
 * @param vaultId the vault's ARM id as Event Grid stamps it (topic, or CloudEvents' source), checked to name the
 *                vault of {@code key}; null when the event carries none (a hand-made one)
 */
public record KeyVaultEvent(Kind kind, KeyUrl key, String id, String time, String vaultId) {

    public KeyVaultEvent(Kind kind, KeyUrl key, String id, String time) {
        this(kind, key, id, time, null);
    }

    public enum Kind {
        /** A new key or key version: re-point the services on that key to it. */
        NEW_VERSION("Microsoft.KeyVault.KeyNewVersionCreated"),
        /** The current version is about to expire: report the services still pinned to it. */
        NEAR_EXPIRY("Microsoft.KeyVault.KeyNearExpiry"),
        /** The current version expired: report the services still pinned to it. */
        EXPIRED("Microsoft.KeyVault.KeyExpired");

        private final String type;

        Kind(String type) {
            this.type = type;
        }

        /** The event type as Key Vault publishes it. */
        public String type() {
            return type;
        }

        /** The short name, e.g. KeyNearExpiry. */
        public String shortName() {
            return type.substring(type.lastIndexOf('.') + 1);
        }

        static Kind of(String type) {
            for (Kind k : values()) {
                if (k.type.equalsIgnoreCase(type)) {
                    return k;
                }
            }
            return null;
        }
    }
}
