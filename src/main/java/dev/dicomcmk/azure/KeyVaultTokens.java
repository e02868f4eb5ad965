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
import com.azure.core.util.AuthenticateChallenge;
import com.azure.core.util.CoreUtils;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The tool's own part of Key Vault and Managed HSM sign-in, placed after the keys SDK's challenge policy.
 *
 * <p>Saves the challenge round trip. The keys SDK sends a vault's first request without a token,
 * waits for the 401 that names the tenant and resource, and only then asks for a token. For a host under
 * the cloud's own Key Vault (or Managed HSM) DNS suffix the resource is known in advance
 * (https://vault.azure.net for vault.azure.net), so this policy attaches a token for it in the run's own
 * tenant to requests the SDK left without one, and the first read is answered at once. A vault of another
 * tenant answers 401 with its challenge as before, and the SDK's own challenge handling (resource
 * verification included) takes over from there. No other host ever gets the token, only over https, and
 * only on reads (see {@link #authorize}). {@link #prefetch} gets the token while other reads are still in flight.
 * Behind this policy, last in the pipeline, {@link TokenAudiencePolicy} refuses any other host, and any
 * challenge naming a resource but the cloud's own, before this policy or the SDK acts on it.
 *
 * <p>Rides out a token that expired mid-run, as {@link ReauthenticatingArmPolicy} does for ARM: a 401 to a
 * request that carried a token means the vault refused that token (Key Vault's challenge says no more;
 * a token that outlived its lifetime, or a server clock ahead of ours). The SDK would answer the challenge
 * with the token azure-core and MSAL still hold as valid by the local clock, and fail again; this policy
 * gets a newly issued token past both caches ({@link ReauthenticatingArmPolicy#freshToken}) for the
 * challenge's resource and tenant, sends the request once more, and from then on puts the new token on
 * requests the SDK still sends with the refused one. Once per request: a second 401 goes to the SDK's
 * challenge handling and is final.
 */
final class KeyVaultTokens implements HttpPipelinePolicy {

    private final TokenCredential credential;
    private final String vaultSuffix;
    private final String hsmSuffix;
    private final CloudScope vault;
    private final CloudScope hsm;
    /** refused token -> the token issued in its place */
    private final Map<String, AccessToken> replacements = new ConcurrentHashMap<>();
    private static final String REAUTHENTICATED = "dicom-cmk-key-vault-reauthenticated";

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
        HttpPipelineNextPolicy again = next.clone();
        return Mono.fromCallable(() -> {
            authorize(context.getHttpRequest());
            return context;
        }).flatMap(c -> next.process()).flatMap(response -> {
            TokenRequestContext fresh = reauthentication(context, response);
            if (fresh == null) {
                return Mono.just(response);
            }
            response.close();
            return Mono.fromCallable(() -> {
                reauthenticate(context.getHttpRequest(), fresh);
                return context;
            }).flatMap(c -> again.process());
        });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        HttpPipelineNextSyncPolicy again = next.clone();
        authorize(context.getHttpRequest());
        HttpResponse response = next.processSync();
        TokenRequestContext fresh = reauthentication(context, response);
        if (fresh == null) {
            return response;
        }
        response.close();
        reauthenticate(context.getHttpRequest(), fresh);
        return again.processSync();
    }

    private void authorize(HttpRequest request) {
        if (!"https".equalsIgnoreCase(request.getUrl().getProtocol())) {
            return;
        }
        if (request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION) == null) {
            attachUpFront(request);
        }
        String sent = bearer(request);
        AccessToken newer = sent == null ? null : replacements.get(sent);
        if (newer != null) {
            request.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + newer.getToken());
        }
    }

    private void attachUpFront(HttpRequest request) {
        // Reads only: the SDK strips the body of a vault's first request (it expects the 401 challenge),
        // so a POST or PATCH authorized here would reach Key Vault empty and fail (400 BadParameter);
        // writes keep the SDK's own challenge flow, reads (the hot path) skip it
        if (request.getHttpMethod() != com.azure.core.http.HttpMethod.GET) {
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

    /**
     * The token request that answers this response, or null when it is not a refused token: a 401 to a
     * request that carried one, whose challenge names a resource the request's host belongs to (the SDK's
     * own resource verification) and the tenant to sign in to; once per request.
     */
    static TokenRequestContext reauthentication(HttpPipelineCallContext context, HttpResponse response) {
        HttpRequest request = context.getHttpRequest();
        if (response.getStatusCode() != 401 || bearer(request) == null || context.getData(REAUTHENTICATED).isPresent()) {
            return null;
        }
        String header = response.getHeaderValue(HttpHeaderName.WWW_AUTHENTICATE);
        Map<String, String> challenge = header == null ? Map.of() : CoreUtils.parseAuthenticateHeader(header).stream()
                .filter(c -> "Bearer".equalsIgnoreCase(c.getScheme())).findFirst().map(AuthenticateChallenge::getParameters)
                .orElse(Map.of());
        String resource = challenge.get("resource");
        String authority = challenge.getOrDefault("authorization", challenge.get("authorization_uri"));
        if (resource == null || authority == null) {
            return null;
        }
        try {
            String resourceHost = new URI(resource).getHost();
            String[] path = new URI(authority).getPath().split("/");
            if (resourceHost == null || path.length < 2 || path[1].isBlank()
                    || !request.getUrl().getHost().toLowerCase(Locale.ROOT).endsWith("." + resourceHost.toLowerCase(Locale.ROOT))) {
                return null;
            }
            context.setData(REAUTHENTICATED, true);
            return ReauthenticatingArmPolicy.freshToken(resource.replaceAll("/+$", "") + "/.default").setTenantId(path[1]);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A newly issued token in place of the refused one, on this request and on every later one that carries it. */
    private void reauthenticate(HttpRequest request, TokenRequestContext fresh) {
        AccessToken token = replacements.compute(bearer(request), (refused, earlier) ->
                earlier != null && earlier.getExpiresAt().isAfter(OffsetDateTime.now().plusMinutes(5)) ? earlier
                        : credential.getTokenSync(fresh));
        request.setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + token.getToken());
    }

    private static String bearer(HttpRequest request) {
        String auth = request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION);
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
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
