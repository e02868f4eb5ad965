package dev.dicomcmk.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Azure's idea of "now", taken from the Date header of its answers. Expiry and age are judged
 * against it, so a skewed local clock (or the sandbox's controllable clock) cannot mislead a check.
 * Falls back to the local clock until a response has been seen.
 */
public final class ServerClock implements HttpPipelinePolicy {

    private final Clock local;
    /** server time minus local time, once known */
    private final AtomicReference<Duration> offset = new AtomicReference<>();

    public ServerClock(Clock local) {
        this.local = local;
    }

    public Instant now() {
        Duration d = offset.get();
        Instant here = local.instant();
        return d == null ? here : here.plus(d);
    }

    public boolean seenServer() {
        return offset.get() != null;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process().doOnNext(this::observe);
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        HttpResponse response = next.processSync();
        observe(response);
        return response;
    }

    private void observe(HttpResponse response) {
        String date = response.getHeaderValue(com.azure.core.http.HttpHeaderName.DATE);
        if (date == null) {
            return;
        }
        try {
            Instant server = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            offset.set(Duration.between(local.instant(), server));
        } catch (DateTimeParseException ignored) {
            // a malformed Date header just leaves the local clock in charge
        }
    }
}
