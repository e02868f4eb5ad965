package dev.dicomcmk.model;

import java.time.Instant;
import java.util.List;

/**
 * What Key Vault or Managed HSM says about one key version (the one checked), plus the key's
 * other versions and rotation policy as far as they could be read.
 *
 * @param url          the versioned URL of the version checked
 * @param kty          RSA, RSA-HSM, EC, EC-HSM, oct, oct-HSM
 * @param sizeBits     RSA modulus size (from n, leading zero bytes ignored); null for non-RSA
 * @param curve        EC curve name, null otherwise
 * @param keyOps       permitted operations (wrapKey, unwrapKey, ...)
 * @param versions     every version of the key, oldest first
 * @param rotationPolicy the key's rotation policy, unknown when not readable
 */
public record KeyFacts(
        KeyUrl url,
        String kty,
        Integer sizeBits,
        String curve,
        List<String> keyOps,
        boolean enabled,
        Instant notBefore,
        Instant expires,
        Instant created,
        Instant updated,
        String recoveryLevel,
        Observed<List<KeyVersionFacts>> versions,
        Observed<RotationPolicyFacts> rotationPolicy) {

    public KeyFacts {
        keyOps = keyOps == null ? List.of() : List.copyOf(keyOps);
    }

    /** One version of a key, as listed by Key Vault. */
    public record KeyVersionFacts(String version, boolean enabled, Instant created, Instant notBefore, Instant expires) {
    }

    /**
     * A key rotation policy reduced to what matters here.
     *
     * @param rotateAfterCreate ISO-8601 duration of a Rotate action's timeAfterCreate trigger, or null
     * @param rotateBeforeExpiry ISO-8601 duration of a Rotate action's timeBeforeExpiry trigger, or null
     * @param expiryTime        the policy's expiryTime for new versions, or null
     */
    public record RotationPolicyFacts(String rotateAfterCreate, String rotateBeforeExpiry, String expiryTime) {
        public boolean autoRotates() {
            return rotateAfterCreate != null || rotateBeforeExpiry != null;
        }
    }
}
