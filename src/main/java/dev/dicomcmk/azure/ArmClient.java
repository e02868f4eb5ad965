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

    /**
     * GET a resource by its id ("/subscriptions/..."), with api-version added. The answer is taken only
     * when it is that resource: its own id equal to the path (as ARM compares ids), its type the one
     * given when it reports one, served as JSON with a success status (see {@link Expected}).
     *
     * @param type      the resource type ("Microsoft.HealthcareApis/workspaces/dicomservices"), or null
     *                  for resources whose answer carries none (a subscription)
     * @param operation what we are doing, "read " + what is read ("read DICOM service demo-ws/demo-dicom")
     * @throws AzureFailure UNREADABLE when the answer is anything else
     */
    public JsonNode getResource(String path, String apiVersion, String type, String operation) {
        String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return send(HttpMethod.GET, url(path, apiVersion), null, operation,
                Expected.resource(thingOf(operation), pathOnly, type));
    }

    /** "read DICOM service x" asks for "DICOM service x". */
    private static String thingOf(String operation) {
        return operation.startsWith("read ") ? operation.substring("read ".length()) : "the answer to " + operation;
    }

    /**
     * GET every item of a list, following nextLink (to ARM's host only: see {@link TokenAudiencePolicy}); every
     * page must be a list page.
     */
    public List<JsonNode> list(String path, String apiVersion, String operation) {
        List<JsonNode> items = new ArrayList<>();
        String next = url(path, apiVersion);
        Context followed = new Context(TokenAudiencePolicy.NAMED_BY, "nextLink");
        for (int page = 0; next != null && page < MAX_PAGES; page++) {
            JsonNode body = send(HttpMethod.GET, next, null, operation, Expected.list("a list page"),
                    page == 0 ? Context.NONE : followed);
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

    /** A plain PUT whose answer is final (role assignments, access policies); a redirect is not success. */
    public void put(String path, String apiVersion, String body, String operation) {
        send(HttpMethod.PUT, url(path, apiVersion), body, operation, Expected.success("the answer to " + operation));
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

    /** Sends one request; an error status is an {@link AzureFailure}, any other answer must be what {@code expected} says. */
    JsonNode send(HttpMethod method, String url, String body, String operation, Expected expected) {
        return send(method, url, body, operation, expected, Context.NONE);
    }

    /** As above; the context tells the token policy what named the URL (a nextLink), for its refusal. */
    private JsonNode send(HttpMethod method, String url, String body, String operation, Expected expected, Context context) {
        return send(method, url, body, operation, expected, context, h -> { });
    }

    /** As above, handing the answer's headers (Resource Graph's quota) to {@code headers} before the body is judged. */
    JsonNode send(HttpMethod method, String url, String body, String operation, Expected expected, Context context,
                  java.util.function.Consumer<com.azure.core.http.HttpHeaders> headers) {
        HttpRequest request = new HttpRequest(method, url);
        if (body != null) {
            request.setHeader(com.azure.core.http.HttpHeaderName.CONTENT_TYPE, "application/json");
            request.setBody(body);
        }
        try (HttpResponse response = pipeline.sendSync(request, context)) {
            String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            int status = response.getStatusCode();
            headers.accept(response.getHeaders());
            if (status >= 400) {
                throw AzureErrors.fromResponse(operation, status, text);
            }
            return expected.body(url, response, text, operation);
        } catch (AzureFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw AzureErrors.fromThrowable(operation, e);
        }
    }

    /** The host of ARM in this cloud, as failures name it. */
    String host() {
        return java.net.URI.create(cloud.resourceManagerBase()).getHost();
    }

    public ServerClock clock() {
        return clock;
    }
}
