package dev.dicomcmk.diagnosis;

import dev.dicomcmk.advice.Commands;
import dev.dicomcmk.advice.SuggestedCommand;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;

/**
 * The runbook's own commands, built by {@link Commands} with their targets: dicom-cmk's where one exists, the Azure
 * CLI's otherwise. The service is named by its full ARM id so a command pasted into a ticket or another shell means
 * the same service whatever the default subscription there. Advice that is a requirement's remedy comes from the
 * finding itself (the checker fills it in), not from here.
 */
final class Fixes {

    private final ServiceId service;

    Fixes(ServiceId service) {
        this.service = service;
    }

    String grantKeyAccess() {
        return dicomCmk("enable-identity").with("--grant-key-access").toString();
    }

    String enableSystemIdentity() {
        return dicomCmk("enable-identity").with("--system-assigned").with("--grant-key-access").toString();
    }

    /** @param identityId the identity's ARM id, or null when the admin has to choose or re-create one */
    String useUserIdentity(String identityId) {
        return dicomCmk("enable-identity").with("--user-assigned", identityId != null ? identityId
                : SuggestedCommand.placeholder("user-assigned identity ARM id")).with("--grant-key-access").toString();
    }

    /** Re-deploys the service's current properties through ARM, so it re-validates identity and key. */
    String redeploy() {
        return dicomCmk("update-via-arm").with("--deploy").toString();
    }

    /** Switches the service to another key after checking it against every requirement. */
    String switchToKey(String keyUrl) {
        return dicomCmk("rotate-key").with("--key-url", keyUrl).toString();
    }

    String watch() {
        return dicomCmk("diagnose").with("--watch").toString();
    }

    /** The facts for a support ticket. */
    String asJson() {
        return dicomCmk("diagnose").with("--output", "json").toString();
    }

    static String recoverKey(KeyUrl key) {
        return Commands.keyRecover(key).toString();
    }

    private SuggestedCommand dicomCmk(String subcommand) {
        return Commands.dicomCmk(subcommand, service);
    }
}
