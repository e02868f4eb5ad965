package dev.dicomcmk.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A sign-in bounded by the run's --timeout, whatever the credential does inside (MSAL's own threads and
 * retries, a credential chain trying one source after another): a token request still unanswered when the
 * run's budget is spent fails as "cannot reach <sign-in host>: no answer in time" (exit 6). The HTTP
 * time-outs and the sign-in's retry policy already bound each attempt; this bounds them all together.
 */
public final class DeadlineCredential implements TokenCredential {

    private final TokenCredential delegate;
    private final RunDeadline deadline;
    private final String signInHost;
    /** The last sign-in that got no answer, and when (System.nanoTime()); null when none. */
    private volatile AzureFailure lastUnreachable;
    private volatile long lastUnreachableAt;

    /**
     * How long a sign-in that found its host unreachable (after its own retries) answers the token requests
     * that come after it: the ARM and Key Vault reads of one run ask side by side and one after another, and each
     * would otherwise go through the whole series of attempts again.
     */
    static final Duration UNREACHABLE_REMEMBERED = Duration.ofSeconds(10);

    /** @param signInHost the host the credential signs in at (the cloud's authority host), for the message */
    public DeadlineCredential(TokenCredential delegate, RunDeadline deadline, String signInHost) {
        this.delegate = delegate;
        this.deadline = deadline;
        this.signInHost = signInHost;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.defer(() -> {
            AzureFailure recent = recentlyUnreachable();
            return recent != null ? Mono.error(recent) : delegate.getToken(request).timeout(left());
        })
                .onErrorMap(TimeoutException.class, this::noAnswer)
                .onErrorMap(DeadlineCredential::networkFailure, this::unreachable);
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        AzureFailure recent = recentlyUnreachable();
        if (recent != null) {
            throw recent;
        }
        // the credential's sync path (no reactor), on a daemon thread that a spent budget leaves behind
        CompletableFuture<AccessToken> token = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                token.complete(delegate.getTokenSync(request));
            } catch (Throwable e) {
                token.completeExceptionally(networkFailure(e) ? unreachable(e) : e);
            }
        }, "dicom-cmk-sign-in");
        t.setDaemon(true);
        t.start();
        try {
            return token.get(left().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw unreachable(noAnswer(e));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing in", e);
        }
    }

    /** What is left of --timeout, at least a millisecond (a spent budget fails at once, not never). */
    private Duration left() {
        return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline.nanosLeft()));
    }

    private static boolean networkFailure(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof HostUnreachableException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A sign-in that got no answer, as the run's failure: "sign in failed (Timeout|NetworkError): cannot reach
     * HOST ...", exit 6. What the credential threw is kept as suppressed, not as the cause: the credential has
     * retried already ({@link AzureSession#signInRetryOptions}), and azure-core asks the retry condition of the
     * ARM or Key Vault call that wanted the token about each cause on its own, so an I/O failure among the causes
     * would be retried all over again (4 x 4 attempts against an unreachable token endpoint).
     */
    private AzureFailure unreachable(Throwable failure) {
        AzureFailure f = AzureErrors.fromThrowable("sign in", failure);
        AzureFailure cut = new AzureFailure(f.kind(), f.operation(), f.status(), f.code(), f.getMessage(), null);
        cut.addSuppressed(failure);
        lastUnreachableAt = System.nanoTime();
        lastUnreachable = cut;
        return cut;
    }

    private AzureFailure recentlyUnreachable() {
        AzureFailure f = lastUnreachable;
        return f != null && System.nanoTime() - lastUnreachableAt < UNREACHABLE_REMEMBERED.toNanos() ? f : null;
    }

    private HostUnreachableException noAnswer(TimeoutException e) {
        return new HostUnreachableException(signInHost, e);
    }
}
