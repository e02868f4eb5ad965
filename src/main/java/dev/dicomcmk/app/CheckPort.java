package dev.dicomcmk.app;

import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.CmkFacts;

/** What validate-key reads from Azure: the facts the requirements checker judges. */
public interface CheckPort {

    /**
     * @param service   the service, or null: the key alone
     * @param candidate the key to check, or null: the service's current key
     */
    CmkFacts facts(ServiceId service, KeyUrl candidate, String subscription);
}
