package dev.dicomcmk.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

import java.util.function.Supplier;

/**
 * The run's credential, able to get a token that no cache holds. Every credential caches its
 * tokens (MSAL for service principals and managed identities) and judges them by the local clock;
 * a token Azure refused as expired is still valid there, and asking again returns it again: MSAL
 * answers an app's token request from its cache even when it carries claims. So a token request
 * with claims, which is what the tool asks for after Azure refused a token
 * ({@link ReauthenticatingArmPolicy#freshToken}) and what a continuous-access-evaluation challenge
 * asks for, is answered by a newly built credential, whose caches are empty: Entra issues a new
 * token. That credential then answers every later request, so the new token is the one cached.
 */
public final class ReissuingCredential implements TokenCredential {

    private final Supplier<TokenCredential> build;
    private volatile TokenCredential current;

    /** @param build makes the credential (called now, and again for each token request with claims) */
    public ReissuingCredential(Supplier<TokenCredential> build) {
        this.build = build;
        this.current = build.get();
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return request.getClaims() == null ? current.getToken(request) : Mono.fromCallable(() -> reissue(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        return request.getClaims() == null ? current.getTokenSync(request) : reissue(request);
    }

    private synchronized AccessToken reissue(TokenRequestContext request) {
        TokenCredential fresh = build.get();
        AccessToken token = fresh.getTokenSync(request);
        current = fresh;
        return token;
    }
}
