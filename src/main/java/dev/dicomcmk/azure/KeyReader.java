package dev.dicomcmk.azure;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyFacts.KeyVersionFacts;
import dev.dicomcmk.model.KeyFacts.RotationPolicyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Reads a key version, its sibling versions and its rotation policy through the Key Vault SDK. */
public final class KeyReader {

    private final AzureSession session;

    public KeyReader(AzureSession session) {
        this.session = session;
    }

    /**
     * Reads the version the URL names (the newest when it names none), its versions and its rotation
     * policy side by side: none of the three needs another's answer, and with the Key Vault token in hand
     * (see {@link KeyVaultTokens}) none waits for a challenge either.
     */
    public KeyFacts read(KeyUrl url, Executor executor) {
        KeyClient client = session.keyClient(url.vaultUrl());
        String what = "read key " + url.keyName() + " in " + url.vaultName();
        CompletableFuture<Observed<List<KeyVersionFacts>>> versions = CompletableFuture.supplyAsync(
                () -> Facts.observe("list versions of key " + url.keyName(), () -> versions(client, url)), executor);
        CompletableFuture<Observed<RotationPolicyFacts>> policy = CompletableFuture.supplyAsync(
                () -> Facts.observe("read rotation policy of key " + url.keyName(), () -> policy(client, url)), executor);
        KeyVaultKey key;
        try {
            key = client.getKey(url.keyName(), url.version());
        } catch (RuntimeException e) {
            versions.cancel(true);
            policy.cancel(true);
            throw AzureErrors.fromThrowable(what, e);
        }
        return toFacts(url, key, versions.join(), policy.join());
    }

    private static KeyFacts toFacts(KeyUrl url, KeyVaultKey key, Observed<List<KeyVersionFacts>> versions,
                                    Observed<RotationPolicyFacts> policy) {
        JsonWebKey jwk = key.getKey();
        KeyProperties p = key.getProperties();
        String kty = jwk.getKeyType() == null ? null : jwk.getKeyType().toString();
        Integer bits = jwk.getN() == null ? null : modulusBits(jwk.getN());
        List<String> ops = new ArrayList<>();
        if (jwk.getKeyOps() != null) {
            jwk.getKeyOps().forEach(op -> ops.add(op.toString()));
        }
        String version = p.getVersion() != null ? p.getVersion() : url.version();
        return new KeyFacts(url.withVersion(version), kty, bits,
                jwk.getCurveName() == null ? null : jwk.getCurveName().toString(), ops,
                Boolean.TRUE.equals(p.isEnabled()), instant(p.getNotBefore()), instant(p.getExpiresOn()),
                instant(p.getCreatedOn()), instant(p.getUpdatedOn()),
                p.getRecoveryLevel(), versions, policy);
    }

    /**
     * The RSA key size: the modulus's bit length. Some encoders prefix n with a zero byte (a DER
     * habit), which must not turn a 2048-bit key into "2056 bits"; reading n as unsigned ignores it.
     */
    static int modulusBits(byte[] n) {
        return new BigInteger(1, n).bitLength();
    }

    private static List<KeyVersionFacts> versions(KeyClient client, KeyUrl url) {
        List<KeyVersionFacts> out = new ArrayList<>();
        for (KeyProperties p : client.listPropertiesOfKeyVersions(url.keyName())) {
            out.add(new KeyVersionFacts(p.getVersion(), Boolean.TRUE.equals(p.isEnabled()), instant(p.getCreatedOn()),
                    instant(p.getNotBefore()), instant(p.getExpiresOn())));
        }
        out.sort(Comparator.comparing(KeyVersionFacts::created, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    private static RotationPolicyFacts policy(KeyClient client, KeyUrl url) {
        KeyRotationPolicy policy = client.getKeyRotationPolicy(url.keyName());
        String afterCreate = null;
        String beforeExpiry = null;
        if (policy.getLifetimeActions() != null) {
            for (KeyRotationLifetimeAction a : policy.getLifetimeActions()) {
                if (a.getAction() == KeyRotationPolicyAction.ROTATE) {
                    afterCreate = a.getTimeAfterCreate();
                    beforeExpiry = a.getTimeBeforeExpiry();
                }
            }
        }
        return new RotationPolicyFacts(afterCreate, beforeExpiry, policy.getExpiresIn());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
