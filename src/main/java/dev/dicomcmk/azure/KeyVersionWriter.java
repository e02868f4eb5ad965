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

    public KeyUrl createVersionLike(KeyFacts like) {
        KeyUrl url = like.url();
        if (like.kty() == null || !like.kty().toUpperCase(java.util.Locale.ROOT).startsWith("RSA") || like.sizeBits() == null) {
            throw new InvalidInputException("--new-version copies the current version, but " + url.url() + " is "
                    + like.kty() + ", not an RSA key the DICOM service accepts; rotate with --key-url instead");
        }
        CreateRsaKeyOptions options = new CreateRsaKeyOptions(url.keyName())
                .setKeySize(like.sizeBits())
                .setHardwareProtected(like.kty().toUpperCase(java.util.Locale.ROOT).endsWith("-HSM"));
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
}
