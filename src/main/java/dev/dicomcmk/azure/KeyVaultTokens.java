package dev.dicomcmk.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Saves the Key Vault challenge round trip. The keys SDK sends a vault's first request without a token,
 * waits for the 401 that names the tenant and resource, and only then asks for a token. For a host under
 * the cloud's own Key Vault (or Managed HSM) DNS suffix the resource is known in advance
 * (https://vault.azure.net for vault.azure.net), so this policy, placed after the SDK's, attaches a token
 * for it in the run's own tenant to requests the SDK left without one, and the first read is answered at
 * once. A vault of another tenant answers 401 with its challenge as before, and the SDK's own challenge
 * handling (resource verification included) takes over from there. No other host ever gets the token,
 * only over https, and only on reads (see {@link #authorize}). {@link #prefetch} gets the token while other reads are still in flight.
 */
final class KeyVaultTokens implements HttpPipelinePolicy {

    private final TokenCredential credential;
    private final String vaultSuffix;
    private final String hsmSuffix;
    private final CloudScope vault;
    private final CloudScope hsm;

    KeyVaultTokens(TokenCredential credential, CloudProfile cloud) {
        this.credential = credential;
        this.vaultSuffix = "." + cloud.keyVaultDnsSuffix().toLowerCase(Locale.ROOT);
        this.hsmSuffix = "." + cloud.managedHsmDnsSuffix().toLowerCase(Locale.ROOT);
        this.vault = new CloudScope("https://" + cloud.keyVaultDnsSuffix() + "/.default");
        this.hsm = new CloudScope(cloud.managedHsmScope());
    }

    /** Starts getting the Key Vault token (not the Managed HSM one) in the background; failures surface later. */
    void prefetch(Executor executor) {
        vault.start(executor);
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.fromCallable(() -> {
            authorize(context.getHttpRequest());
            return context;
        }).flatMap(c -> next.process());
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        authorize(context.getHttpRequest());
        return next.processSync();
    }

    private void authorize(HttpRequest request) {
        // Reads only: the SDK strips the body of a vault's first request (it expects the 401 challenge),
        // so a POST or PATCH authorized here would reach Key Vault empty and fail (400 BadParameter);
        // writes keep the SDK's own challenge flow, reads (the hot path) skip it
        if (request.getHttpMethod() != com.azure.core.http.HttpMethod.GET
                || request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION) != null
                || !"https".equalsIgnoreCase(request.getUrl().getProtocol())) {
            return;
        }
        String host = request.getUrl().getHost().toLowerCase(Locale.ROOT);
        CloudScope scope = host.endsWith(vaultSuffix) ? vault : host.endsWith(hsmSuffix) ? hsm : null;
        if (scope == null) {
            return;
        }
        AccessToken token;
        try {
            token = scope.token();
        } catch (RuntimeException e) {
            // no token in advance: the request goes out bare and the SDK's challenge flow reports the failure
            return;
        }
        request.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + token.getToken());
    }

    /** One scope's token, fetched once and again only when it is about to expire. */
    private final class CloudScope {
        private final String scope;
        private CompletableFuture<AccessToken> token;

        CloudScope(String scope) {
            this.scope = scope;
        }

        synchronized void start(Executor executor) {
            if (token == null || expiring()) {
                token = CompletableFuture.supplyAsync(this::fetch, executor);
            }
        }

        AccessToken token() {
            CompletableFuture<AccessToken> f;
            synchronized (this) {
                if (token == null || token.isCompletedExceptionally() || expiring()) {
                    token = new CompletableFuture<>();
                    f = token;
                    try {
                        f.complete(fetch());
                    } catch (RuntimeException e) {
                        f.completeExceptionally(e);
                    }
                }
                f = token;
            }
            return f.join();
        }

        private boolean expiring() {
            AccessToken t = token.getNow(null);
            return t != null && t.getExpiresAt().isBefore(OffsetDateTime.now().plusMinutes(5));
        }

        private AccessToken fetch() {
            // CAE on, as the keys SDK asks: azure-identity keeps CAE and non-CAE tokens apart
            return credential.getTokenSync(new TokenRequestContext().addScopes(scope).setCaeEnabled(true));
        }
    }
}
