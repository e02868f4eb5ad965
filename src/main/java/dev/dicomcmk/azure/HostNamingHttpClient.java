package dev.dicomcmk.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.io.UncheckedIOException;

/**
 * Every transport failure of every client (ARM, Key Vault, the credentials' sign-in) leaves here as a
 * {@link HostUnreachableException} naming the host asked for, whatever SDK layer wraps it later: that is how
 * a stalled or refused sign-in becomes "cannot reach login…" (exit 6) and never "authentication failed".
 */
final class HostNamingHttpClient implements HttpClient {

    private final HttpClient delegate;

    HostNamingHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return delegate.send(request).onErrorMap(HostUnreachableException::isNetworkFailure, e -> named(request, e));
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return delegate.send(request, context).onErrorMap(HostUnreachableException::isNetworkFailure, e -> named(request, e));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        try {
            return delegate.sendSync(request, context);
        } catch (RuntimeException e) {
            if (HostUnreachableException.isNetworkFailure(e)) {
                throw new UncheckedIOException(named(request, e));
            }
            throw e;
        }
    }

    private static HostUnreachableException named(HttpRequest request, Throwable e) {
        return new HostUnreachableException(request.getUrl().getHost(), e);
    }
}
