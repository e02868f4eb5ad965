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
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        HttpRequest routed = route(request);
        return routed == request ? delegate.send(request, context)
                : delegate.send(routed, context).map(r -> new AsAsked(request, r));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        HttpRequest routed = route(request);
        return routed == request ? delegate.sendSync(request, context)
                : new AsAsked(request, delegate.sendSync(routed, context));
    }

    /**
     * A routed request's answer, naming the request as the pipeline sent it: an SDK poller takes the URL of its
     * final GET from the answer's request, and the loopback address it was connected to is no host of the cloud
     * (the token policy rightly refuses it).
     */
    private static final class AsAsked extends HttpResponse {
        private final HttpResponse answer;

        AsAsked(HttpRequest asked, HttpResponse answer) {
            super(asked);
            this.answer = answer;
        }

        @Override
        public int getStatusCode() {
            return answer.getStatusCode();
        }

        @Override
        @SuppressWarnings("deprecation")
        public String getHeaderValue(String name) {
            return answer.getHeaderValue(name);
        }

        @Override
        public String getHeaderValue(com.azure.core.http.HttpHeaderName name) {
            return answer.getHeaderValue(name);
        }

        @Override
        public com.azure.core.http.HttpHeaders getHeaders() {
            return answer.getHeaders();
        }

        @Override
        public reactor.core.publisher.Flux<java.nio.ByteBuffer> getBody() {
            return answer.getBody();
        }

        @Override
        public com.azure.core.util.BinaryData getBodyAsBinaryData() {
            return answer.getBodyAsBinaryData();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return answer.getBodyAsByteArray();
        }

        @Override
        public Mono<String> getBodyAsString() {
            return answer.getBodyAsString();
        }

        @Override
        public Mono<String> getBodyAsString(java.nio.charset.Charset charset) {
            return answer.getBodyAsString(charset);
        }

        @Override
        public Mono<java.io.InputStream> getBodyAsInputStream() {
            return answer.getBodyAsInputStream();
        }

        @Override
        public HttpResponse buffer() {
            return new AsAsked(getRequest(), answer.buffer());
        }

        @Override
        public Mono<Void> writeBodyToAsync(java.nio.channels.AsynchronousByteChannel channel) {
            return answer.writeBodyToAsync(channel);
        }

        @Override
        public void writeBodyTo(java.nio.channels.WritableByteChannel channel) throws java.io.IOException {
            answer.writeBodyTo(channel);
        }

        @Override
        public void close() {
            answer.close();
        }
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
