package dev.dicomcmk.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Locale;

/**
 * Resource Graph throttles per user and says when its quota comes back in {@code x-ms-user-quota-resets-after}
 * (hh:mm:ss), not in Retry-After. This policy, between the retry policy and the wire, hands a throttled
 * Resource Graph answer's reset time to the retry policy as Retry-After, so the one retry mechanism of the
 * pipeline waits exactly that long (within its bounded retries) instead of guessing with back-off.
 */
final class ResourceGraphQuotaPolicy implements HttpPipelinePolicy {

    static final HttpHeaderName REMAINING = HttpHeaderName.fromString("x-ms-user-quota-remaining");
    static final HttpHeaderName RESETS_AFTER = HttpHeaderName.fromString("x-ms-user-quota-resets-after");
    /** A reset further away than this is not waited for (the run fails as throttled instead). */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process().map(r -> withRetryAfter(context, r));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        return withRetryAfter(context, next.processSync());
    }

    private static HttpResponse withRetryAfter(HttpPipelineCallContext context, HttpResponse response) {
        if (response.getStatusCode() != 429 || response.getHeaders().getValue(HttpHeaderName.RETRY_AFTER) != null
                || !context.getHttpRequest().getUrl().getPath().toLowerCase(Locale.ROOT).contains("/providers/microsoft.resourcegraph/")) {
            return response;
        }
        Duration wait = resetsAfter(response.getHeaders().getValue(RESETS_AFTER));
        if (wait != null && wait.compareTo(LONGEST_WAIT) <= 0) {
            // a whole second more than the reset: the window has turned when the retry arrives
            response.getHeaders().set(HttpHeaderName.RETRY_AFTER, String.valueOf(Math.max(1, wait.toSeconds() + 1)));
        }
        return response;
    }

    /** "hh:mm:ss" as a duration, or null when it is not one. */
    static Duration resetsAfter(String value) {
        if (value == null || !value.strip().matches("\\d{1,2}:\\d{2}:\\d{2}(\\.\\d+)?")) {
            return null;
        }
        String[] p = value.strip().split(":");
        double seconds = Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Double.parseDouble(p[2]);
        return Duration.ofMillis((long) Math.ceil(seconds * 1000));
    }
}
