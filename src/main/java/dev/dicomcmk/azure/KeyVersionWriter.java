package dev.dicomcmk.azure;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyUrl;

import java.time.Duration;
import java.time.ZoneOffset;

/**
 * Makes a new version of a key through the Key Vault SDK. It copies the version the service uses
 * (type, size, operations, and its lifetime when it has an expiry) rather than calling rotateKey,
 * which copies whatever version is newest: the service's own version is the one known to work.
 */
public final class KeyVersionWriter {

    private final AzureSession session;

    public KeyVersionWriter(AzureSession session) {
        this.session = session;
    }

    /**
     * @param tags tags for the new version; a rotation tags it with its attempt's id, so a later run can prove
     *             which version an attempt made when Key Vault's answer never reached it
     */
    public KeyUrl createVersionLike(KeyFacts like, java.util.Map<String, String> tags) {
        KeyUrl url = like.url();
        if (like.kty() == null || !like.kty().toUpperCase(java.util.Locale.ROOT).startsWith("RSA") || like.sizeBits() == null) {
            throw new InvalidInputException("--new-version copies the current version, but " + url.url() + " is "
                    + like.kty() + ", not an RSA key the DICOM service accepts; rotate with --key-url instead");
        }
        CreateRsaKeyOptions options = new CreateRsaKeyOptions(url.keyName())
                .setKeySize(like.sizeBits())
                .setHardwareProtected(like.kty().toUpperCase(java.util.Locale.ROOT).endsWith("-HSM"));
        if (!tags.isEmpty()) {
            options.setTags(tags);
        }
        if (!like.keyOps().isEmpty()) {
            options.setKeyOperations(like.keyOps().stream().map(KeyOperation::fromString).toArray(KeyOperation[]::new));
        }
        if (like.expires() != null && like.created() != null) {
            Duration lifetime = Duration.between(like.created(), like.expires());
            options.setExpiresOn(session.clock().now().plus(lifetime).atOffset(ZoneOffset.UTC));
        }
        KeyClient client = session.keyWriteClient(url.vaultUrl());
        KeyVaultKey created;
        try {
            created = client.createRsaKey(options);
        } catch (RuntimeException e) {
            throw AzureErrors.fromThrowable("create a new version of key " + url.keyName() + " in " + url.vaultName(), e);
        }
        return url.withVersion(created.getProperties().getVersion());
    }

    /** The versions of the key that carry the tag with that value, newest first. */
    public java.util.List<KeyUrl> versionsTagged(KeyUrl key, String tag, String value) {
        java.util.List<com.azure.security.keyvault.keys.models.KeyProperties> tagged = new java.util.ArrayList<>();
        try {
            for (var p : session.keyClient(key.vaultUrl()).listPropertiesOfKeyVersions(key.keyName())) {
                if (p.getTags() != null && value.equals(p.getTags().get(tag))) {
                    tagged.add(p);
                }
            }
        } catch (RuntimeException e) {
            throw AzureErrors.fromThrowable("list versions of key " + key.keyName() + " in " + key.vaultName(), e);
        }
        tagged.sort(java.util.Comparator.comparing(com.azure.security.keyvault.keys.models.KeyProperties::getCreatedOn,
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())).reversed());
        return tagged.stream().map(p -> key.withVersion(p.getVersion())).toList();
    }
}
