package dev.dicomcmk.diagnosis;

import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.VaultKind;

/**
 * The exact commands the runbook hands out: dicom-cmk's own where one exists, the Azure CLI's
 * otherwise. The service is named by its full ARM id so a command pasted into a ticket or another
 * shell means the same service whatever the default subscription there.
 */
final class Fixes {

    private final String service;

    Fixes(ServiceId service) {
        this.service = service.armId();
    }

    String grantKeyAccess() {
        return "dicom-cmk enable-identity --grant-key-access --service " + service;
    }

    String enableSystemIdentity() {
        return "dicom-cmk enable-identity --system-assigned --grant-key-access --service " + service;
    }

    String useUserIdentity(String identityId) {
        return "dicom-cmk enable-identity --user-assigned " + identityId + " --grant-key-access --service " + service;
    }

    /** Re-deploys the service's current properties through ARM, so it re-validates identity and key. */
    String redeploy() {
        return "dicom-cmk update-via-arm --deploy --service " + service;
    }

    String redeployWithKey(String keyUrl) {
        return redeploy() + " --key-url " + keyUrl;
    }

    String watch() {
        return "dicom-cmk diagnose --watch --service " + service;
    }

    static String recoverKey(KeyUrl key) {
        return "az keyvault key recover " + store(key) + " --name " + key.keyName();
    }

    static String enableKeyVersion(KeyUrl key) {
        return setAttributes(key, "--enabled true");
    }

    static String setAttributes(KeyUrl key, String what) {
        return "az keyvault key set-attributes " + store(key) + " --name " + key.keyName()
                + (key.version() == null ? "" : " --version " + key.version()) + " " + what;
    }

    static String firewallBypass(KeyUrl key) {
        return key.kind() == VaultKind.MANAGED_HSM
                ? "az keyvault update-hsm --hsm-name " + key.vaultName() + " --bypass AzureServices"
                : "az keyvault update --name " + key.vaultName() + " --bypass AzureServices";
    }

    private static String store(KeyUrl key) {
        return (key.kind() == VaultKind.MANAGED_HSM ? "--hsm-name " : "--vault-name ") + key.vaultName();
    }
}
