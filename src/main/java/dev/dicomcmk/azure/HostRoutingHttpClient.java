package dev.dicomcmk.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;

/**
 * Connects hosts under a routed DNS suffix (the sandbox's *.sandbox.test) to a fixed loopback
 * address, keeping the original host in X-Forwarded-Host. The JDK HttpClient has no DNS hook, so
 * the request URL is rewritten at the very end of the pipeline: every policy before it (the
 * Key Vault challenge check, token scopes, logging) still sees the real host name.
 */
public final class HostRoutingHttpClient implements HttpClient {

    public static final String FORWARDED_HOST = "X-Forwarded-Host";

    private final HttpClient delegate;
    private final List<CloudProfile.Route> routes;

    public HostRoutingHttpClient(HttpClient delegate, List<CloudProfile.Route> routes) {
        this.delegate = delegate;
        this.routes = List.copyOf(routes);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return delegate.send(route(request));
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return delegate.send(route(request), context);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return delegate.sendSync(route(request), context);
    }

    private HttpRequest route(HttpRequest request) {
        URL url = request.getUrl();
        for (CloudProfile.Route route : routes) {
            if (route.matches(url.getHost())) {
                try {
                    HttpRequest copy = request.copy();
                    copy.setHeader(FORWARDED_HOST, url.getHost());
                    copy.setUrl(new URL(url.getProtocol(), hostOf(route.address()), portOf(route.address()),
                            url.getFile()));
                    return copy;
                } catch (MalformedURLException e) {
                    throw new IllegalStateException("cannot route " + url.getHost() + " to " + route.address(), e);
                }
            }
        }
        return request;
    }

    private static String hostOf(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }

    private static int portOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
