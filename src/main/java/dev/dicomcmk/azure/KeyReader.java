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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** Reads a key version, its sibling versions and its rotation policy through the Key Vault SDK. */
public final class KeyReader {

    /**
     * The reads of a run that changes no key (a fleet's checks, a dry run), shared by every service in it: each
     * key version, each key's version list and each rotation policy is asked once however many services use
     * the key, and a failure is every asker's answer. Never for a run that writes a key version: it must see it.
     */
    public static final class Shared {
        private final Map<String, CompletableFuture<KeyFacts>> keys = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<Observed<List<KeyVersionFacts>>>> versions = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<Observed<RotationPolicyFacts>>> policies = new ConcurrentHashMap<>();
    }

    private final AzureSession session;
    private final Shared shared;

    public KeyReader(AzureSession session) {
        this(session, null);
    }

    /** @param shared the run's shared reads, or null to read everything afresh */
    public KeyReader(AzureSession session, Shared shared) {
        this.session = session;
        this.shared = shared;
    }

    /**
     * Reads the version the URL names (the newest when it names none), its versions and its rotation
     * policy side by side: none of the three needs another's answer, and with the Key Vault token in hand
     * (see {@link KeyVaultTokens}) none waits for a challenge either.
     */
    public KeyFacts read(KeyUrl url, Executor executor) {
        if (shared == null) {
            return readNow(url, executor);
        }
        CompletableFuture<KeyFacts> mine = new CompletableFuture<>();
        CompletableFuture<KeyFacts> first = shared.keys.putIfAbsent(url.url().toLowerCase(Locale.ROOT), mine);
        if (first != null) {
            return joined(first);
        }
        try {
            KeyFacts facts = readNow(url, executor);
            mine.complete(facts);
            return facts;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private KeyFacts readNow(KeyUrl url, Executor executor) {
        KeyClient client = session.keyClient(url.vaultUrl());
        String what = "read key " + url.keyName() + " in " + url.vaultName();
        String listing = "list versions of key " + url.keyName();
        String reading = "read rotation policy of key " + url.keyName();
        String perKey = (url.vaultUrl() + "/keys/" + url.keyName()).toLowerCase(Locale.ROOT);
        CompletableFuture<Observed<List<KeyVersionFacts>>> versions = once(shared == null ? null : shared.versions, perKey,
                () -> CompletableFuture.supplyAsync(() -> Facts.observe(listing, sdkRead(listing, url,
                        "the versions of key " + url.keyName(), () -> versions(client, url))), executor));
        CompletableFuture<Observed<RotationPolicyFacts>> policy = once(shared == null ? null : shared.policies, perKey,
                () -> CompletableFuture.supplyAsync(() -> Facts.observe(reading, sdkRead(reading, url,
                        "the rotation policy of key " + url.keyName(), () -> policy(client, url))), executor));
        KeyVaultKey key;
        try {
            key = client.getKey(url.keyName(), url.version());
        } catch (RuntimeException e) {
            cancelUnshared(versions, policy);
            throw AzureErrors.fromSdkRead(what, url.host(), askedFor(url), e);
        }
        String wrong = notTheKeyAsked(url, key, session.cloud());
        if (wrong != null) {
            cancelUnshared(versions, policy);
            throw Expected.resource(askedFor(url), null, null).refused(what, 200, url.host(), wrong);
        }
        return toFacts(url, key, versions.join(), policy.join());
    }

    /** The read under way for this key in {@code reads} (started here when none is), or a read of its own without them. */
    private static <T> CompletableFuture<T> once(Map<String, CompletableFuture<T>> reads, String key,
                                                 Supplier<CompletableFuture<T>> start) {
        return reads == null ? start.get() : reads.computeIfAbsent(key, k -> start.get());
    }

    /** Stops the side reads nobody else waits for (shared ones are other services' answers too). */
    private void cancelUnshared(CompletableFuture<?> versions, CompletableFuture<?> policy) {
        if (shared == null) {
            versions.cancel(true);
            policy.cancel(true);
        }
    }

    /** The shared read's answer, or its failure as this read would have thrown it. */
    private static KeyFacts joined(CompletableFuture<KeyFacts> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** A Key Vault read whose failures on the answer itself are unreadable answers from the vault's host. */
    private static <T> java.util.function.Supplier<T> sdkRead(String operation, KeyUrl url, String what,
                                                             java.util.function.Supplier<T> read) {
        return () -> {
            try {
                return read.get();
            } catch (RuntimeException e) {
                throw AzureErrors.fromSdkRead(operation, url.host(), what, e);
            }
        };
    }

    /** "key demo-key version 0123…" or "key demo-key" (its newest version). */
    private static String askedFor(KeyUrl url) {
        return "key " + url.keyName() + (url.isVersioned() ? " version " + url.version() : "") + " of " + url.vaultName();
    }

    /**
     * Why the key Key Vault answered is not the one asked for, or null when it is: its kid must name the
     * same vault and key, and the version asked (any version when none was asked, the newest then), and
     * the key must carry its material. A cache or proxy answering with another key's bundle is refused here,
     * never reported as the service's key.
     */
    static String notTheKeyAsked(KeyUrl asked, KeyVaultKey key, CloudProfile cloud) {
        if (key == null || key.getKey() == null) {
            return "no key in the answer";
        }
        String kid = key.getId() != null ? key.getId() : key.getKey().getId();
        if (kid == null) {
            return "a key without a kid";
        }
        KeyUrl named;
        try {
            named = KeyUrl.parse(kid, cloud.keyVaultDnsSuffix(), cloud.managedHsmDnsSuffix());
        } catch (RuntimeException e) {
            return "a key whose kid is not a key identifier";
        }
        boolean sameKey = named.host().equalsIgnoreCase(asked.host()) && named.keyName().equalsIgnoreCase(asked.keyName());
        boolean sameVersion = named.isVersioned() && (!asked.isVersioned() || named.version().equalsIgnoreCase(asked.version()));
        return sameKey && sameVersion ? null : "the key " + dev.dicomcmk.model.Text.escapeControls(kid);
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
        String version = p.getVersion() != null ? p.getVersion()
                : url.isVersioned() ? url.version() : key.getId().substring(key.getId().lastIndexOf('/') + 1);
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
            if (p.getVersion() == null || p.getName() == null || !p.getName().equalsIgnoreCase(url.keyName())) {
                // a listed version of another key, or none at all: the list is not this key's versions
                throw Expected.resource("the versions of key " + url.keyName(), null, null).refused("list versions of key "
                        + url.keyName(), 200, url.host(), p.getName() == null || p.getVersion() == null
                        ? "a listed version without its key name or version"
                        : "a version of key " + dev.dicomcmk.model.Text.escapeControls(p.getName()));
            }
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
