package dev.dicomcmk.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Generic ARM calls over the SDK's HTTP pipeline (there is no typed SDK for
 * Microsoft.HealthcareApis served here): JSON in, JSON out, errors as {@link AzureFailure}.
 */
public final class ArmClient {

    private static final int MAX_PAGES = 200;

    private final HttpPipeline pipeline;
    private final CloudProfile cloud;
    private final ServerClock clock;
    private final Duration budget;

    /** @param budget how long a long-running operation may take (--timeout) */
    ArmClient(HttpPipeline pipeline, CloudProfile cloud, ServerClock clock, Duration budget) {
        this.pipeline = pipeline;
        this.cloud = cloud;
        this.clock = clock;
        this.budget = budget;
    }

    /** GET a resource path ("/subscriptions/..."), with api-version added. */
    public JsonNode get(String path, String apiVersion, String operation) {
        return send(HttpMethod.GET, url(path, apiVersion), null, operation);
    }

    /** GET every item of a list, following nextLink (to ARM's host only: see {@link TokenAudiencePolicy}). */
    public List<JsonNode> list(String path, String apiVersion, String operation) {
        List<JsonNode> items = new ArrayList<>();
        String next = url(path, apiVersion);
        Context followed = new Context(TokenAudiencePolicy.NAMED_BY, "nextLink");
        for (int page = 0; next != null && page < MAX_PAGES; page++) {
            JsonNode body = send(HttpMethod.GET, next, null, operation, page == 0 ? Context.NONE : followed);
            body.path("value").forEach(items::add);
            next = Json.text(body, "nextLink");
        }
        return items;
    }

    /** PUT a JSON body and answer the final resource once the long-running operation has ended. */
    public JsonNode putAndWait(String path, String apiVersion, String body, String operation, LroProgress progress) {
        return LongRunning.run(pipeline, HttpMethod.PUT, url(path, apiVersion), body, operation, pollInterval(), budget, progress);
    }

    /** PATCH a JSON body, waiting for a long-running operation if ARM starts one. */
    public JsonNode patchAndWait(String path, String apiVersion, String body, String operation, LroProgress progress) {
        return LongRunning.run(pipeline, HttpMethod.PATCH, url(path, apiVersion), body, operation, pollInterval(), budget, progress);
    }

    /** POST (what-if and the like), waiting for the operation the answer names. */
    public JsonNode postAndWait(String path, String apiVersion, String body, String operation, LroProgress progress) {
        return LongRunning.run(pipeline, HttpMethod.POST, url(path, apiVersion), body, operation, pollInterval(), budget, progress);
    }

    /** A plain PUT whose answer is final (role assignments, access policies). */
    public JsonNode put(String path, String apiVersion, String body, String operation) {
        return send(HttpMethod.PUT, url(path, apiVersion), body, operation);
    }

    /**
     * How often to poll when ARM gives no Retry-After. Clouds routed to loopback (the sandbox) are
     * polled every 500 ms; Azure itself every 5 s, kinder to its throttling limits.
     */
    Duration pollInterval() {
        return cloud.routes().isEmpty() ? Duration.ofSeconds(5) : Duration.ofMillis(500);
    }

    /** How long a long-running operation may take (--timeout). */
    Duration budget() {
        return budget;
    }

    public String url(String path, String apiVersion) {
        String sep = path.contains("?") ? "&" : "?";
        return cloud.resourceManagerBase() + path + sep + "api-version=" + apiVersion;
    }

    JsonNode send(HttpMethod method, String url, String body, String operation) {
        return send(method, url, body, operation, Context.NONE);
    }

    private JsonNode send(HttpMethod method, String url, String body, String operation, Context context) {
        HttpRequest request = new HttpRequest(method, url);
        if (body != null) {
            request.setHeader(com.azure.core.http.HttpHeaderName.CONTENT_TYPE, "application/json");
            request.setBody(body);
        }
        try (HttpResponse response = pipeline.sendSync(request, context)) {
            String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            int status = response.getStatusCode();
            if (status >= 400) {
                throw AzureErrors.fromResponse(operation, status, text);
            }
            return Json.parse(text);
        } catch (AzureFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw AzureErrors.fromThrowable(operation, e);
        }
    }

    public ServerClock clock() {
        return clock;
    }
}
