package dev.dicomcmk.sandbox;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.SyncPollerFactory;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.SyncPoller;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test helper: an azure-core management pipeline (bearer token for ARM) against a sandbox, raw
 * requests through it, and long-running operations driven by azure-core-management's own poller.
 */
final class ArmPipeline {

    static final String HOST = "https://management.sandbox.test";

    final HttpPipeline pipeline;
    final String rgPath;

    ArmPipeline(SandboxClient client) {
        this.pipeline = new HttpPipelineBuilder().httpClient(client.http)
                .policies(new BearerTokenAuthenticationPolicy(client.credential, "https://management.sandbox.test/.default"))
                .build();
        this.rgPath = "/subscriptions/" + client.sandbox.credentials().subscriptionId() + "/resourceGroups/demo-rg";
    }

    SandboxClient.Resp send(String method, String pathAndQuery, String body) {
        return send(method, pathAndQuery, body, Map.of());
    }

    SandboxClient.Resp send(String method, String pathAndQuery, String body, Map<String, String> headers) {
        HttpRequest req = request(method, pathAndQuery, body);
        headers.forEach((k, v) -> req.setHeader(HttpHeaderName.fromString(k), v));
        try (HttpResponse r = pipeline.sendSync(req, Context.NONE)) {
            Map<String, String> h = new LinkedHashMap<>();
            r.getHeaders().forEach(x -> h.put(x.getName(), x.getValue()));
            BinaryData data = r.getBodyAsBinaryData();
            return new SandboxClient.Resp(r.getStatusCode(), h, data == null ? "" : data.toString());
        }
    }

    JsonNode get(String pathAndQuery) {
        SandboxClient.Resp r = send("GET", pathAndQuery, null);
        if (r.status() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** Starts a long-running operation and hands it to the management poller (real LRO logic). */
    SyncPoller<PollResult<Map>, Map> lro(String method, String pathAndQuery, String body) {
        return SyncPollerFactory.create(SerializerFactory.createDefaultManagementSerializerAdapter(), pipeline, Map.class,
                Map.class, Duration.ofMillis(5), () -> initial(method, pathAndQuery, body));
    }

    private Response<BinaryData> initial(String method, String pathAndQuery, String body) {
        HttpRequest req = request(method, pathAndQuery, body);
        HttpResponse r = pipeline.sendSync(req, Context.NONE);
        BinaryData data = r.getBodyAsBinaryData();
        return new SimpleResponse<>(req, r.getStatusCode(), r.getHeaders(), data == null ? BinaryData.fromString("") : data);
    }

    private static HttpRequest request(String method, String pathAndQuery, String body) {
        HttpRequest req = new HttpRequest(HttpMethod.valueOf(method), pathAndQuery.startsWith("https://") ? pathAndQuery
                : HOST + pathAndQuery);
        if (body != null) {
            req.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
            req.setBody(body.getBytes(StandardCharsets.UTF_8));
        }
        return req;
    }
}
