package dev.dicomcmk.advice;

import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.VaultKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands the tool suggests, each built with the targets its command requires: a dicom-cmk command names its
 * service by full ARM id (so it means the same service in any shell, whatever the default subscription there); an
 * az keyvault key command names the vault (or HSM) and the key; az keyvault update names the vault and its
 * resource group. A target we do not know becomes a placeholder, never an omission.
 */
public final class Commands {

    private static final Pattern RESOURCE_GROUP = Pattern.compile("(?i)/resourceGroups/([^/]+)");

    private Commands() {
    }

    /** {@code dicom-cmk <subcommand> --service <ARM id>}. */
    public static SuggestedCommand dicomCmk(String subcommand, ServiceId service) {
        return dicomCmk(subcommand, service.armId());
    }

    /** As {@link #dicomCmk(String, ServiceId)}, from the service's full ARM id. */
    public static SuggestedCommand dicomCmk(String subcommand, String serviceArmId) {
        if (serviceArmId == null || !serviceArmId.toLowerCase(Locale.ROOT).startsWith("/subscriptions/")) {
            throw new IllegalArgumentException("a suggested dicom-cmk command names its service by full ARM id, not "
                    + serviceArmId);
        }
        return new SuggestedCommand(List.of("dicom-cmk", subcommand)).withLast("--service", serviceArmId);
    }

    /**
     * {@code dicom-cmk rotate-key --from-event <event-file>}: what a Key Vault event's handler runs; it finds the
     * services on the event's key itself, so it names none.
     */
    public static SuggestedCommand rotateKeyFromEvent() {
        return new SuggestedCommand(List.of("dicom-cmk", "rotate-key", "--from-event", SuggestedCommand.placeholder("event file")));
    }

    /**
     * {@code dicom-cmk rotate-key --to-latest --uses-key <key> --all-subscriptions}: every service on the key, in every
     * subscription the principal can read, moved to its newest version (what follows a key from cron, e.g. an HSM key,
     * whose rotations publish no event).
     */
    public static SuggestedCommand rotateKeyUsers(KeyUrl key) {
        return new SuggestedCommand(List.of("dicom-cmk", "rotate-key", "--to-latest"))
                .with("--uses-key", key.withVersion(null).url()).with("--all-subscriptions");
    }

    /** {@code az keyvault key set-attributes} of this key version (every version of the key when it has none). */
    public static SuggestedCommand keySetAttributes(KeyUrl key) {
        SuggestedCommand c = keyCommand("set-attributes", key);
        return key.version() == null ? c : c.with("--version", key.version());
    }

    /** {@code az keyvault key recover}: a soft-deleted key, every version of it. */
    public static SuggestedCommand keyRecover(KeyUrl key) {
        return keyCommand("recover", key);
    }

    /** {@code az keyvault key rotate}: a new version of the key, made by Key Vault. */
    public static SuggestedCommand keyRotate(KeyUrl key) {
        return keyCommand("rotate", key);
    }

    /** {@code az keyvault key list-deleted}: the vault's soft-deleted keys. */
    public static SuggestedCommand keyListDeleted(VaultKind kind, String vaultName) {
        return new SuggestedCommand(List.of("az", "keyvault", "key", "list-deleted")).with(storeFlag(kind), vaultName);
    }

    /**
     * {@code az keyvault key create} of an RSA key the DICOM service accepts (3072 bits, wrapKey and unwrapKey), as
     * a new version of {@code keyName} when a key of that name exists, in a Key Vault or a Managed HSM.
     */
    public static SuggestedCommand keyCreateRsa(VaultKind kind, String vaultName, String keyName, boolean hsmProtected) {
        return new SuggestedCommand(List.of("az", "keyvault", "key", "create"))
                .with(storeFlag(kind), vaultName).with("--name", keyName)
                .with("--kty", hsmProtected || kind == VaultKind.MANAGED_HSM ? "RSA-HSM" : "RSA")
                .with("--size", "3072").with("--ops", "wrapKey", "unwrapKey");
    }

    /**
     * {@code az keyvault update --name V --resource-group G} (a Key Vault) or {@code az keyvault update-hsm
     * --hsm-name H --resource-group G} (a Managed HSM).
     *
     * @param vaultResourceId the vault's ARM id, or null when it could not be read: the group is then a placeholder
     */
    public static SuggestedCommand vaultUpdate(VaultKind kind, String vaultName, String vaultResourceId) {
        String group = resourceGroupOf(vaultResourceId);
        List<String> words = kind == VaultKind.MANAGED_HSM ? List.of("az", "keyvault", "update-hsm")
                : List.of("az", "keyvault", "update");
        return new SuggestedCommand(words).with(kind == VaultKind.MANAGED_HSM ? "--hsm-name" : "--name", vaultName)
                .with("--resource-group", group != null ? group
                        : SuggestedCommand.placeholder("resource group of " + vaultName));
    }

    /** {@code az deployment group show -g G -n NAME}. */
    public static SuggestedCommand deploymentShow(String resourceGroup, String deployment) {
        return new SuggestedCommand(List.of("az", "deployment", "group", "show"))
                .with("--resource-group", resourceGroup).with("--name", deployment);
    }

    /** {@code az deployment operation group list -g G -n NAME}: why a deployment failed. */
    public static SuggestedCommand deploymentOperations(String resourceGroup, String deployment) {
        return new SuggestedCommand(List.of("az", "deployment", "operation", "group", "list"))
                .with("--resource-group", resourceGroup).with("--name", deployment);
    }

    /** The resource group an ARM id names, or null. */
    public static String resourceGroupOf(String armId) {
        if (armId == null) {
            return null;
        }
        Matcher m = RESOURCE_GROUP.matcher(armId);
        return m.find() ? m.group(1) : null;
    }

    private static SuggestedCommand keyCommand(String verb, KeyUrl key) {
        List<String> words = new ArrayList<>(List.of("az", "keyvault", "key", verb));
        return new SuggestedCommand(words).with(storeFlag(key.kind()), key.vaultName()).with("--name", key.keyName());
    }

    private static String storeFlag(VaultKind kind) {
        return kind == VaultKind.MANAGED_HSM ? "--hsm-name" : "--vault-name";
    }
}
