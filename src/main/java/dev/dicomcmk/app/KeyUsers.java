package dev.dicomcmk.app;

import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;

import java.util.List;

/**
 * The reverse lookup a followed rotation needs: which DICOM services use a key. A listing of the
 * current subscription answers it today; a Resource Graph query (rotate-key --uses-key) can answer
 * it across subscriptions without the caller changing.
 */
public interface KeyUsers {

    /**
     * Every DICOM service whose key URL names this key (the same vault host and key name, any version),
     * sorted by id, each with the key URL it reports as listed. The listing may lag: a rotation re-reads
     * each service under its lock before it writes.
     */
    List<KeyUser> of(KeyUrl key);

    /** A service and the key URL it reported when listed. */
    record KeyUser(ServiceId id, String keyUrl) {
    }
}
