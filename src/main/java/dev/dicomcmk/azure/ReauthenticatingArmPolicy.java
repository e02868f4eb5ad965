package dev.dicomcmk.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.http.policy.ArmChallengeAuthenticationPolicy;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Locale;

/**
 * ARM's challenge policy, plus one answer it lacks: a 401 whose challenge says {@code invalid_token}
 * (ARM's ExpiredAuthenticationToken: the token outlived its lifetime during a long run, or the
 * server's clock is ahead of ours) gets a newly issued token and the request is sent once more.
 * Without this the cached token, which azure-core and MSAL both still judge valid by the local
 * clock, would be sent again and the run would fail with "sign in again" although it is signed in.
 * A second 401 is final (the policy re-sends only once), so a token ARM refuses for another
 * reason (wrong tenant) still fails as before, after one extra token request.
 */
final class ReauthenticatingArmPolicy extends ArmChallengeAuthenticationPolicy {

    private final String[] scopes;

    ReauthenticatingArmPolicy(TokenCredential credential, String... scopes) {
        super(credential, scopes);
        this.scopes = scopes.clone();
    }

    @Override
    public boolean authorizeRequestOnChallengeSync(HttpPipelineCallContext context, HttpResponse response) {
        if (super.authorizeRequestOnChallengeSync(context, response)) {
            return true;
        }
        if (!refusedTokenAsInvalid(response)) {
            return false;
        }
        setAuthorizationHeaderSync(context, freshToken(scopes));
        return true;
    }

    @Override
    public Mono<Boolean> authorizeRequestOnChallenge(HttpPipelineCallContext context, HttpResponse response) {
        return super.authorizeRequestOnChallenge(context, response).flatMap(handled -> handled || !refusedTokenAsInvalid(response)
                ? Mono.just(handled) : setAuthorizationHeader(context, freshToken(scopes)).thenReturn(true));
    }

    static boolean refusedTokenAsInvalid(HttpResponse response) {
        String challenge = response.getHeaderValue(HttpHeaderName.WWW_AUTHENTICATE);
        return response.getStatusCode() == 401 && challenge != null
                && challenge.toLowerCase(Locale.ROOT).contains("error=\"invalid_token\"");
    }

    /**
     * A token request no cache can answer: azure-core's token cache refetches when the claims differ
     * from the cached request's, and the run's {@link ReissuingCredential} answers a request with claims
     * from a newly built credential (MSAL would answer it from its cache). The claim itself, nbf of now,
     * is what a CAE challenge asks for. {@link KeyVaultTokens} asks for the same after Key Vault or a
     * Managed HSM refused a token.
     */
    static TokenRequestContext freshToken(String... scopes) {
        return new TokenRequestContext().addScopes(scopes).setCaeEnabled(true)
                .setClaims("{\"access_token\":{\"nbf\":{\"essential\":true,\"value\":\"" + Instant.now().getEpochSecond()
                        + "\"}}}");
    }
}
