package dev.dicomcmk.azure;

import dev.dicomcmk.model.AccessFacts;
import dev.dicomcmk.model.AccessFacts.RoleGrant;
import dev.dicomcmk.model.IdentityFacts;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultKind;
import dev.dicomcmk.model.CmkFacts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gathers every fact the requirements need, with as few sequential round trips as the
 * dependencies allow: the service, the subscription's tenant and the Key Vault token side by side;
 * then the key, its versions and rotation policy, the vault (read directly in the service's resource
 * group, beside the lookup by name), the identities and their role assignments side by side.
 * One collector used for many services (a fleet's checks, a dry run: runs that write no key) reads each
 * subscription's tenant, each vault and each key once (its versions, version list and rotation policy).
 */
public final class FactsCollector {

    private final AzureSession session;
    private final Map<String, CompletableFuture<Observed<String>>> tenants = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Observed<VaultFacts>>> vaults = new ConcurrentHashMap<>();
    private final KeyReader.Shared keys = new KeyReader.Shared();
    /** Vaults already located, by {@link FleetDiscovery#vaultKey}: their ARM ids. */
    private final Map<String, String> vaultIds;

    public FactsCollector(AzureSession session) {
        this(session, Map.of());
    }

    /**
     * @param vaultIds vaults located beforehand wherever they are (a fleet across subscriptions finds them with
     *                 Resource Graph), by {@link FleetDiscovery#vaultKey}: each is read by its id once for every
     *                 service on it, in whichever subscription; any other vault is looked up in its service's
     *                 subscription, once per subscription
     */
    public FactsCollector(AzureSession session, Map<String, String> vaultIds) {
        this.session = session;
        this.vaultIds = Map.copyOf(vaultIds);
    }

    public CmkFacts collect(FactsRequest request) {
        ExecutorService ex = session.executor();
        String subscription = request.service() != null ? request.service().subscriptionId() : request.subscriptionId();
        session.prepareKeyVaultReads();

        CompletableFuture<Observed<ServiceFacts>> service = request.service() == null
                ? CompletableFuture.completedFuture(Observed.notApplicable("no service given (--service)"))
                : request.asDeployed() != null ? CompletableFuture.completedFuture(Observed.known(request.asDeployed()))
                : CompletableFuture.supplyAsync(() -> Observed.known(
                new DicomServiceReader(session.arm()).read(request.service())), ex);
        CompletableFuture<Observed<String>> tenant = subscription == null
                ? CompletableFuture.completedFuture(Observed.unknown("no subscription given (--subscription)"))
                : tenants.computeIfAbsent(subscription, s -> CompletableFuture.supplyAsync(() -> Facts.observe(
                "read subscription " + s, () -> new SubscriptionReader(session.arm()).tenantOf(s)), ex));

        // with a candidate key, its reads need not wait for the service
        CompletableFuture<KeyReads> candidateReads = request.candidateKey() == null ? null
                : CompletableFuture.supplyAsync(() -> keyReads(request.candidateKey(), request.candidateKeyRead(), subscription,
                resourceGroup(request)), ex);

        Observed<ServiceFacts> serviceFacts = await(service);
        Observed<String> keyText;
        Observed<KeyUrl> keyUrl;
        if (request.candidateKey() != null) {
            keyText = Observed.known(request.candidateKey().url());
            keyUrl = Observed.known(request.candidateKey());
        } else {
            String stored = serviceFacts.value().keyUrl();
            if (stored == null || stored.isBlank()) {
                keyText = Observed.notApplicable("the service has no customer-managed key "
                        + "(properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl is not set)");
                keyUrl = Observed.unknownAs(keyText);
            } else {
                keyText = Observed.known(stored);
                keyUrl = parseStored(stored);
            }
        }

        CompletableFuture<KeyReads> keyReads = candidateReads != null ? candidateReads
                : keyUrl.isKnown() ? CompletableFuture.supplyAsync(() -> keyReads(keyUrl.value(), null, subscription,
                resourceGroup(request)), ex)
                : CompletableFuture.completedFuture(new KeyReads(Observed.unknownAs(keyUrl), false,
                Observed.unknownAs(keyUrl)));
        CompletableFuture<Observed<List<IdentityFacts>>> identities = !serviceFacts.isKnown()
                ? CompletableFuture.completedFuture(Observed.unknownAs(serviceFacts))
                : CompletableFuture.supplyAsync(() -> Facts.observe("read the service's identities",
                () -> new IdentityReader(session.arm()).read(serviceFacts.value())), ex);
        CompletableFuture<Observed<AccessFacts>> access = !serviceFacts.isKnown()
                ? CompletableFuture.completedFuture(Observed.unknownAs(serviceFacts))
                : CompletableFuture.supplyAsync(() -> access(serviceFacts.value(), keyUrl, subscription), ex);

        KeyReads reads = await(keyReads);
        return new CmkFacts(session.clock().now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), keyText, keyUrl, reads.key(), reads.keyNotFound(), reads.vault(),
                await(tenant), serviceFacts, await(identities), await(access));
    }

    private static String resourceGroup(FactsRequest request) {
        return request.service() == null ? null : request.service().resourceGroup();
    }

    /**
     * The key (data plane) and its vault (ARM), read side by side; each vault once per collector.
     *
     * @param read the caller's read of this key already under way, or null: read it here
     */
    private KeyReads keyReads(KeyUrl url, CompletableFuture<KeyFacts> read, String subscription, String likelyResourceGroup) {
        CompletableFuture<Observed<VaultFacts>> vault = vaultOf(url, subscription, likelyResourceGroup);
        ExecutorService ex = session.executor();
        boolean notFound = false;
        Observed<KeyFacts> key;
        try {
            key = Observed.known(read != null ? await(read) : key(url));
        } catch (AzureFailure f) {
            String reason = Facts.reasonIfSkippable(f);
            if (reason == null) {
                throw f;
            }
            notFound = f.kind() == AzureFailure.Kind.NOT_FOUND;
            key = Observed.unknown(notFound ? "key " + url.keyName() + (url.isVersioned() ? " version " + url.version() : "")
                    + " was not found in " + url.vaultName() : reason);
        }
        return new KeyReads(key, notFound, await(vault));
    }

    /** The key as this collector read it: once for every service that asks (see {@link KeyReader.Shared}). */
    public KeyFacts key(KeyUrl url) {
        return new KeyReader(session, keys).read(url, session.executor());
    }

    /** The key's vault as this collector found it (each vault looked up once per collector, shared with its checks). */
    public Observed<VaultFacts> vault(KeyUrl url, String subscription, String likelyResourceGroup) {
        return await(vaultOf(url, subscription, likelyResourceGroup));
    }

    private CompletableFuture<Observed<VaultFacts>> vaultOf(KeyUrl url, String subscription, String likelyResourceGroup) {
        ExecutorService ex = session.executor();
        String located = vaultIds.get(FleetDiscovery.vaultKey(url.kind().resourceType(), url.vaultName()));
        if (located != null) {
            return vaults.computeIfAbsent(located.toLowerCase(java.util.Locale.ROOT), id -> CompletableFuture.supplyAsync(
                    () -> Facts.observe("read " + url.kind().displayName() + " " + url.vaultName(),
                            () -> new VaultReader(session.arm()).readById(url, located)), ex));
        }
        return subscription == null
                ? CompletableFuture.completedFuture(Observed.unknown(
                "no subscription given to find " + url.vaultName() + " in (--subscription)"))
                : vaults.computeIfAbsent(subscription + "|" + url.vaultUrl().toLowerCase(java.util.Locale.ROOT),
                k -> CompletableFuture.supplyAsync(() -> Facts.observe("find " + url.kind().displayName() + " "
                + url.vaultName(), () -> new VaultReader(session.arm()).read(url, subscription, likelyResourceGroup, ex)), ex));
    }

    private record KeyReads(Observed<KeyFacts> key, boolean keyNotFound, Observed<VaultFacts> vault) {
    }

    private Observed<AccessFacts> access(ServiceFacts service, Observed<KeyUrl> keyUrl, String subscription) {
        Set<String> principals = new LinkedHashSet<>();
        if (service.hasSystemIdentity()) {
            principals.add(service.systemPrincipalId());
        }
        service.userAssigned().values().stream().map(ServiceFacts.UserAssignedRef::principalId)
                .filter(p -> p != null).forEach(principals::add);
        if (principals.isEmpty()) {
            return Observed.known(new AccessFacts(List.of()));
        }
        AccessReader reader = new AccessReader(session);
        if (keyUrl.isKnown() && keyUrl.value().kind() == VaultKind.MANAGED_HSM) {
            return Facts.observe("list local role assignments of " + keyUrl.value().vaultName(),
                    () -> new AccessFacts(reader.managedHsmLocal(keyUrl.value())));
        }
        // a grant on the key sits at or above the key's scope: in its vault's subscription, which a vault located
        // elsewhere names (else the vault is looked for in the service's, where its grants are listed too)
        String located = keyUrl.isKnown() ? vaultIds.get(FleetDiscovery.vaultKey(keyUrl.value().kind().resourceType(),
                keyUrl.value().vaultName())) : null;
        String grantsIn = located != null ? subscriptionOf(located, subscription) : subscription;
        List<CompletableFuture<Observed<List<RoleGrant>>>> perPrincipal = new ArrayList<>();
        for (String p : principals) {
            perPrincipal.add(CompletableFuture.supplyAsync(() -> Facts.observe("list role assignments of " + p,
                    () -> reader.azureRbac(grantsIn, p)), session.executor()));
        }
        List<RoleGrant> grants = new ArrayList<>();
        for (CompletableFuture<Observed<List<RoleGrant>>> f : perPrincipal) {
            Observed<List<RoleGrant>> o = await(f);
            if (!o.isKnown()) {
                return Observed.unknownAs(o);
            }
            grants.addAll(o.value());
        }
        return Observed.known(new AccessFacts(grants));
    }

    /** The subscription an ARM id names ("/subscriptions/{id}/..."), or {@code otherwise}. */
    private static String subscriptionOf(String armId, String otherwise) {
        String[] parts = armId.split("/");
        return parts.length > 2 && parts[1].equalsIgnoreCase("subscriptions") && !parts[2].isBlank() ? parts[2] : otherwise;
    }

    private Observed<KeyUrl> parseStored(String stored) {
        try {
            return Observed.known(KeyUrl.parse(stored, session.cloud().keyVaultDnsSuffix(),
                    session.cloud().managedHsmDnsSuffix()));
        } catch (InvalidInputException e) {
            return Observed.unknown(e.getMessage());
        }
    }

    /** Waits within --timeout; an Azure failure inside surfaces as itself. */
    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(session.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AzureFailure(AzureFailure.Kind.TIMEOUT, "collect facts", 0, "Timeout",
                    "Azure did not answer within " + session.timeout().toSeconds() + "s; raise --timeout or try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AzureFailure(AzureFailure.Kind.FAILED, "collect facts", 0, null, "interrupted", e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof AzureFailure f) {
                throw f;
            }
            if (cause instanceof RuntimeException r) {
                throw AzureErrors.fromThrowable("collect facts", r);
            }
            throw new AzureFailure(AzureFailure.Kind.FAILED, "collect facts", 0, null, String.valueOf(cause), cause);
        }
    }
}
