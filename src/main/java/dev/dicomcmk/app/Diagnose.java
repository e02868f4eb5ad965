package dev.dicomcmk.app;

import dev.dicomcmk.diagnosis.Diagnosis;
import dev.dicomcmk.diagnosis.Runbook;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.requirements.CheckSettings;

/**
 * diagnose's use case: the lost-key-access runbook over what Azure reports now. One port for the
 * whole run, so --watch signs in once and diagnoses again with the same session.
 */
public final class Diagnose {

    private final DiagnosisPort azure;
    private final Runbook runbook;

    public Diagnose(DiagnosisPort azure, CheckSettings settings) {
        this.azure = azure;
        this.runbook = new Runbook(settings);
    }

    public Diagnosis diagnose(ServiceId service) {
        return runbook.diagnose(azure.collect(service));
    }
}
