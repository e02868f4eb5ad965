package dev.dicomcmk.cli;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

import java.util.function.Supplier;

/**
 * A credential whose token requests the run's {@link Progress} tells about when they take long (a browser or
 * device-code sign-in, an `az` process, a slow identity endpoint): a run that seems to hang at its start says it
 * is signing in. A quick sign-in prints nothing (see {@link Progress#slowWait}).
 */
final class AnnouncedSignIn implements TokenCredential {

    private final TokenCredential delegate;
    private final Supplier<Progress> progress;
    private final String status;

    AnnouncedSignIn(TokenCredential delegate, Supplier<Progress> progress, String signInHost) {
        this.delegate = delegate;
        this.progress = progress;
        this.status = "signing in at " + signInHost;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.defer(() -> {
            Progress.Wait wait = progress.get().slowWait(status);
            return delegate.getToken(request).doFinally(signal -> wait.close());
        });
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        try (Progress.Wait wait = progress.get().slowWait(status)) {
            return delegate.getTokenSync(request);
        }
    }
}
