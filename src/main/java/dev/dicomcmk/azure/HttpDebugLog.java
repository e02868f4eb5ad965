package dev.dicomcmk.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import dev.dicomcmk.model.Text;
import reactor.core.publisher.Mono;

import java.io.PrintWriter;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The --debug HTTP log: one line per attempt with method, URL, status, time and request id.
 * It wraps the run's one HttpClient, so sign-in, ARM and Key Vault traffic are all logged alike.
 * It never writes headers that carry credentials, request bodies (token requests carry the
 * client secret) or response bodies (token responses carry the token); query values whose name
 * suggests a secret are replaced by "REDACTED".
 */
public final class HttpDebugLog implements HttpClient {

    private static final Set<String> SAFE_QUERY = Set.of("api-version", "$filter", "$top", "$skiptoken",
            "maxresults", "$expand", "resulttype");
    private static final Pattern SECRETISH = Pattern.compile("(?i).*(token|secret|sig|key|code|password|assertion).*");

    private final HttpClient delegate;
    private final PrintWriter err;
    private final long start = System.nanoTime();

    public HttpDebugLog(HttpClient delegate, PrintWriter err) {
        this.delegate = delegate;
        this.err = err;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        long t0 = System.nanoTime();
        return delegate.send(request, context)
                .doOnNext(r -> log(request, r, t0, null))
                .doOnError(e -> log(request, null, t0, e));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        long t0 = System.nanoTime();
        try {
            HttpResponse response = delegate.sendSync(request, context);
            log(request, response, t0, null);
            return response;
        } catch (RuntimeException e) {
            log(request, null, t0, e);
            throw e;
        }
    }

    private void log(HttpRequest request, HttpResponse response, long t0, Throwable error) {
        long startedMs = (t0 - start) / 1_000_000;
        long ms = (System.nanoTime() - t0) / 1_000_000;
        StringBuilder line = new StringBuilder("debug: http +").append(startedMs).append("ms ")
                .append(request.getHttpMethod()).append(' ').append(redactedUrl(request.getUrl()));
        if (response != null) {
            line.append(" -> ").append(response.getStatusCode());
            String id = response.getHeaderValue(HttpHeaderName.X_MS_REQUEST_ID);
            if (id != null) {
                line.append(" request-id=").append(id);
            }
            String retryAfter = response.getHeaderValue(HttpHeaderName.RETRY_AFTER);
            if (retryAfter != null) {
                line.append(" retry-after=").append(retryAfter);
            }
        } else {
            line.append(" -> ").append(error == null ? "no response" : error.getClass().getSimpleName());
        }
        line.append(" (").append(ms).append(" ms)");
        synchronized (err) {
            err.println(Text.escapeControls(line.toString()));
            err.flush();
        }
    }

    static String redactedUrl(URL url) {
        String query = url.getQuery();
        String base = url.getProtocol() + "://" + url.getAuthority() + url.getPath();
        if (query == null || query.isEmpty()) {
            return base;
        }
        StringBuilder q = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String decoded = URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            if (q.length() > 0) {
                q.append('&');
            }
            if (eq < 0 || SAFE_QUERY.contains(decoded) || !SECRETISH.matcher(decoded).matches()) {
                q.append(pair);
            } else {
                q.append(name).append("=REDACTED");
            }
        }
        return base + "?" + q;
    }
}
