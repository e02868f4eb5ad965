package dev.dicomcmk.app;

import dev.dicomcmk.model.DiagnosisFacts;
import dev.dicomcmk.model.ServiceId;

/** What diagnose reads from Azure, side by side: the service, Resource Health, the key, the vault, the identities. */
public interface DiagnosisPort {

    DiagnosisFacts collect(ServiceId service);
}
