package dev.dicomcmk.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.Context;
import dev.dicomcmk.model.ProbeResult;

import java.time.Duration;

/**
 * Calls the DICOM service's own API once, to confirm what its users see: the docs say that without
 * key access "API requests return with 500 errors". Goes through an azure-core pipeline over the
 * run's HttpClient, so TLS trust, host routing and the --debug log apply as everywhere else.
 */
public final class DicomApiProbe {

    /** The DICOM API's token audience is an application id URI, the same in every cloud. */
    public static final String SCOPE = "https://dicom.healthcareapis.azure.com/.default";
    /** A cheap read every DICOM service answers (the change feed, API v2). */
    static final String PATH = "/v2/changefeed";

    private final HttpPipeline pipeline;

    DicomApiProbe(HttpPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * A probe signing in with the given credential. A 500 is the symptom being confirmed, so it is
     * never retried; only a failure to connect is tried once more.
     */
    public static DicomApiProbe over(HttpClient httpClient, TokenCredential credential, ServerClock clock,
                                     String version, CloudProfile cloud) {
        RetryOptions connectOnly = new RetryOptions(new FixedDelayOptions(1, Duration.ofMillis(500)))
                .setShouldRetryCondition(c -> c.getResponse() == null && c.getThrowable() instanceof java.io.IOException);
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(httpClient).policies(
                new UserAgentPolicy(AzureSession.USER_AGENT + "/" + version), new RequestIdPolicy(),
                new RetryPolicy(connectOnly), new BearerTokenAuthenticationPolicy(credential, SCOPE), clock,
                TokenAudiencePolicy.dicom(cloud)).build();
        return new DicomApiProbe(pipeline);
    }

    /**
     * GET {serviceUrl}/v2/changefeed; failures to sign in propagate, and so does a serviceUrl outside the cloud's
     * DICOM hosts (the token is not sent there); any HTTP answer is a result.
     */
    public ProbeResult probe(String serviceUrl) {
        String base = serviceUrl.endsWith("/") ? serviceUrl.substring(0, serviceUrl.length() - 1) : serviceUrl;
        String url = base + PATH;
        String operation = "call the DICOM API at " + base;
        Context namedBy = new Context(TokenAudiencePolicy.NAMED_BY, "the service's properties.serviceUrl");
        try (HttpResponse response = pipeline.sendSync(new HttpRequest(HttpMethod.GET, url), namedBy)) {
            int status = response.getStatusCode();
            if (status < 400) {
                return new ProbeResult(url, status, "answered " + status);
            }
            String body = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            AzureFailure f = AzureErrors.fromResponse(operation, status, body);
            String detail = (f.code() == null ? "" : f.code() + ": ") + (f.getMessage() == null ? "" : f.getMessage());
            return new ProbeResult(url, status, detail.isBlank() ? "answered " + status : detail);
        } catch (RuntimeException e) {
            AzureFailure f = AzureErrors.fromThrowable(operation, e);
            if (f.kind() == AzureFailure.Kind.AUTHENTICATION || f instanceof TokenAudiencePolicy.TokenRefused) {
                throw f;
            }
            return new ProbeResult(url, 0, f.oneLine());
        }
    }
}
