package dev.dicomcmk.app;

import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;

import java.util.List;

/**
 * The reverse lookup a followed rotation needs: which DICOM services use a key, and which identities the key's vault
 * lets use it that none of those services has (a service the principal cannot see, to be reported rather than
 * silently left behind).
 */
public interface KeyUsers {

    /**
     * Every DICOM service whose key URL names this key (the same vault host and key name, any version),
     * sorted by id, each with the key URL it reports as listed. The listing may lag: a rotation re-reads
     * each service under its lock before it writes.
     */
    List<KeyUser> of(KeyUrl key);

    /**
     * The identities the vault {@code vaultId} lets wrap and unwrap with the key as a service does that belong to none
     * of {@code found} nor to the signed-in principal: each may be a DICOM service in a subscription the principal
     * cannot read.
     */
    List<Unseen> unseen(String vaultId, KeyUrl key, List<KeyUser> found);

    /** Where the services were looked for, as a message says it ("in 5 subscriptions"). */
    String describe();

    /** A service, the key URL it reported when listed, and the principal ids of its identities. */
    record KeyUser(ServiceId id, String keyUrl, List<String> principalIds) {
        public KeyUser {
            principalIds = principalIds == null ? List.of() : List.copyOf(principalIds);
        }
    }

    /** An identity with a service's access to the key that no service found has, and how it has that access. */
    record Unseen(String principalId, String how) {
    }
}
