package dev.dicomcmk.model;


import java.time.Instant;

/**
 * Everything the runbook looks at: the facts every requirement is judged on, plus what only a
 * diagnosis needs. Parts that were not read (forbidden, not asked for) carry the reason.
 *
 * @param cmk        the service, key, vault, identities and access (its {@code now} is Azure's clock)
 * @param health     Resource Health's current availability of the service
 * @param deletedKey the key among the vault's soft-deleted keys (looked for only when Key Vault no longer finds it)
 * @param probe      the DICOM API's answer (only with --probe)
 */
public record DiagnosisFacts(ServiceId service, CmkFacts cmk, Observed<HealthFacts> health,
                             Observed<DeletedKeyFacts> deletedKey, Observed<ProbeResult> probe) {

    public Instant now() {
        return cmk.now();
    }
}
