package dev.dicomcmk.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

/**
 * A credential whose token requests are announced as a wait when they take long (a browser or device-code
 * sign-in, an `az` process, a slow identity endpoint): a run that seems to hang at its start says it is
 * signing in. Whoever announces decides what "long" is; a quick sign-in shows nothing.
 */
public final class AnnouncedSignIn implements TokenCredential {

    /** Starts telling about a wait; the returned handle ends it. */
    @FunctionalInterface
    public interface Announcer {
        Wait begin(String status);
    }

    /** A wait being told about; closing it ends the telling. */
    @FunctionalInterface
    public interface Wait extends AutoCloseable {
        @Override
        void close();
    }

    private final TokenCredential delegate;
    private final Announcer announcer;
    private final String status;

    public AnnouncedSignIn(TokenCredential delegate, Announcer announcer, String signInHost) {
        this.delegate = delegate;
        this.announcer = announcer;
        this.status = "signing in at " + signInHost;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.defer(() -> {
            Wait wait = announcer.begin(status);
            return delegate.getToken(request).doFinally(signal -> wait.close());
        });
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        try (Wait wait = announcer.begin(status)) {
            return delegate.getTokenSync(request);
        }
    }
}
