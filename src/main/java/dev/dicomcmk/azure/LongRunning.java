package dev.dicomcmk.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.SyncPollerFactory;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * Starts an ARM long-running operation and waits for it with azure-core-management's poller
 * (Azure-AsyncOperation, Location and provisioningState polling exactly as the SDK does it),
 * rather than a hand-written loop.
 */
final class LongRunning {

    private LongRunning() {
    }

    /**
     * @param budget how long to wait for the operation in all; past it the run fails with TIMEOUT
     *               (the operation itself goes on in Azure, and the message says so)
     */
    static JsonNode run(HttpPipeline pipeline, HttpMethod method, String url, String body, String operation,
                        Duration pollInterval, Duration budget, LroProgress progress) {
        long deadline = System.nanoTime() + budget.toNanos();
        Response<BinaryData> first = start(pipeline, method, url, body, operation);
        SyncPoller<PollResult<Object>, Object> poller;
        try {
            poller = SyncPollerFactory.create(SerializerFactory.createDefaultManagementSerializerAdapter(), pipeline,
                    Object.class, Object.class, pollInterval, () -> first,
                    new Context(TokenAudiencePolicy.NAMED_BY, pollingUrlSource(first)));
            waitFor(poller, operation, pollInterval, deadline, budget, progress);
            Object result = poller.getFinalResult();
            // the operation's final resource, else the first answer's body; an empty or non-JSON one is a missing
            // node, which callers that take facts from the result check (DicomServiceWriter reads the service again)
            return result != null ? Json.MAPPER.valueToTree(result)
                    : Json.tryParse(first.getValue() == null ? null : first.getValue().toString())
                    .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        } catch (AzureFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw AzureErrors.fromThrowable(operation, e);
        }
    }

    /**
     * Polls an operation until it ends, telling {@code progress} of every poll: Azure's Retry-After between polls,
     * else {@code pollInterval}. Raw and typed writes wait here alike.
     *
     * @param deadline System.nanoTime() past which the run stops waiting ({@link OperationStillRunning}: the
     *                 operation goes on in Azure)
     * @throws AzureFailure FAILED when the operation ended other than succeeded, with Azure's code and message
     */
    static <T> void waitFor(SyncPoller<PollResult<T>, T> poller, String operation, Duration pollInterval, long deadline,
                            Duration budget, LroProgress progress) {
        PollResponse<PollResult<T>> last = poller.poll();
        while (!last.getStatus().isComplete()) {
            progress.polled("running");
            Duration wait = nextWait(last, pollInterval);
            if (System.nanoTime() + wait.toNanos() > deadline) {
                throw new OperationStillRunning(operation, String.valueOf(last.getStatus()), budget);
            }
            sleep(wait);
            last = poller.poll();
        }
        progress.polled(last.getStatus() == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED ? "succeeded" : "failed");
        if (last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            PollResult.Error error = last.getValue() == null ? null : last.getValue().getError();
            AzureFailure told = error == null ? null
                    : AzureErrors.fromResponse(operation, error.getResponseStatusCode(), error.getResponseBody());
            String message = told == null ? "the operation ended " + last.getStatus() : told.getMessage();
            throw new AzureFailure(AzureFailure.Kind.FAILED, operation, 0, told == null ? null : told.code(),
                    message == null ? error.getMessage() : message, null);
        }
    }

    /**
     * Which of the first answer's headers the poller follows, for the message of a refused poll (the pipeline's
     * {@link TokenAudiencePolicy} refuses any of them that leaves ARM's host).
     */
    static String pollingUrlSource(Response<?> first) {
        boolean asyncOperation = first.getHeaders().getValue(HttpHeaderName.fromString("Azure-AsyncOperation")) != null;
        boolean location = first.getHeaders().getValue(HttpHeaderName.LOCATION) != null;
        return asyncOperation && location ? "the operation's Azure-AsyncOperation or Location header"
                : asyncOperation ? "the operation's Azure-AsyncOperation header"
                : location ? "the operation's Location header" : "the operation's polling URL";
    }

    /** Azure's Retry-After when it gives one, else the cloud's poll interval. */
    private static Duration nextWait(PollResponse<?> last, Duration fallback) {
        Duration retryAfter = last.getRetryAfter();
        return retryAfter != null && !retryAfter.isNegative() && !retryAfter.isZero() ? retryAfter : fallback;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AzureFailure(AzureFailure.Kind.FAILED, "wait for Azure", 0, null, "interrupted", e);
        }
    }

    private static Response<BinaryData> start(HttpPipeline pipeline, HttpMethod method, String url, String body,
                                              String operation) {
        HttpRequest request = new HttpRequest(method, url);
        if (body != null) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
            request.setBody(body);
        }
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            BinaryData data = response.getBodyAsBinaryData();
            String text = data == null ? "" : data.toString();
            if (response.getStatusCode() >= 400) {
                throw AzureErrors.fromResponse(operation, response.getStatusCode(), text);
            }
            // a redirect did not start the operation: never read as an accepted write
            Expected.success("the start of " + operation).body(url, response, text, operation);
            return new SimpleResponse<>(request, response.getStatusCode(), response.getHeaders(),
                    BinaryData.fromString(text));
        } catch (AzureFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw AzureErrors.fromThrowable(operation, e);
        }
    }
}
