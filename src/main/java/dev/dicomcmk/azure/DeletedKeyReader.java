package dev.dicomcmk.azure;

import com.azure.security.keyvault.keys.models.DeletedKey;
import dev.dicomcmk.model.DeletedKeyFacts;
import dev.dicomcmk.model.KeyUrl;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Looks for a key among its vault's soft-deleted keys: a key that Key Vault no longer finds may
 * have been deleted, and then it can still be recovered (soft delete keeps it 7 to 90 days).
 */
public final class DeletedKeyReader {

    private final AzureSession session;

    public DeletedKeyReader(AzureSession session) {
        this.session = session;
    }

    /** The deleted key, or empty when the vault holds no deleted key of that name. */
    public Optional<DeletedKeyFacts> find(KeyUrl url) {
        try {
            DeletedKey d = session.keyClient(url.vaultUrl()).getDeletedKey(url.keyName());
            if (d == null || d.getName() == null || !d.getName().equalsIgnoreCase(url.keyName())) {
                throw Expected.resource("deleted key " + url.keyName(), null, null).refused("look for key " + url.keyName()
                        + " among the deleted keys of " + url.vaultName(), 200, url.host(), d == null || d.getName() == null
                        ? "no key name in the answer" : "the deleted key " + dev.dicomcmk.model.Text.escapeControls(d.getName()));
            }
            return Optional.of(new DeletedKeyFacts(url.vaultName(), url.keyName(), instant(d.getDeletedOn()),
                    instant(d.getScheduledPurgeDate())));
        } catch (RuntimeException e) {
            AzureFailure f = AzureErrors.fromSdkRead("look for key " + url.keyName() + " among the deleted keys of "
                    + url.vaultName(), url.host(), "deleted key " + url.keyName(), e);
            if (f.kind() == AzureFailure.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw f;
        }
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
