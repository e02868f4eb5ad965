package dev.dicomcmk.model;

import java.time.Instant;

/**
 * A key found among a vault's soft-deleted keys: it can be recovered until it is purged.
 *
 * @param deletedDate        when it was deleted, or null when Key Vault does not say
 * @param scheduledPurgeDate when Key Vault will purge it for good, or null
 */
public record DeletedKeyFacts(String vaultName, String keyName, Instant deletedDate, Instant scheduledPurgeDate) {
}
