package dev.dicomcmk.app;

import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.RequirementsChecker;

/**
 * validate-key's use case for one service or key: a key alone, a service's current key, or a key as a
 * candidate for a service, judged by the shared requirements checker. (--all: {@link FleetCheck};
 * --template and --terraform-plan: {@link Preflight}.)
 */
public final class ValidateKey {

    private final CheckPort azure;
    private final CheckSettings settings;

    public ValidateKey(CheckPort azure, CheckSettings settings) {
        this.azure = azure;
        this.settings = settings;
    }

    /**
     * @param service   the service, or null: the key alone
     * @param candidate the key to check, or null: the service's current key
     */
    public Report check(ServiceId service, KeyUrl candidate, String subscription) {
        String subject = service != null ? service.armId() : candidate.url();
        return new RequirementsChecker(settings).check(subject, azure.facts(service, candidate, subscription));
    }
}
