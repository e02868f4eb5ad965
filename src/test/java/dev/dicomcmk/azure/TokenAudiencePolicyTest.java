package dev.dicomcmk.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where each token may go, host by host, and that the policy fails a request before it is sent. */
class TokenAudiencePolicyTest {

    private static final CloudProfile AZURE = CloudProfiles.AZURE_CLOUD;

    private static String whyNot(TokenAudiencePolicy policy, String url) {
        try {
            return policy.whyNot(new URL(url));
        } catch (MalformedURLException e) {
            throw new AssertionError(url, e);
        }
    }

    private static void allowed(TokenAudiencePolicy policy, String... urls) {
        for (String url : urls) {
            assertNull(whyNot(policy, url), url);
        }
    }

    private static void refused(TokenAudiencePolicy policy, String... urls) {
        for (String url : urls) {
            String why = whyNot(policy, url);
            assertTrue(why != null && !why.isBlank(), "must be refused: " + url);
        }
    }

    @Test
    void theArmTokenGoesToTheResourceManagerHostOnly() {
        TokenAudiencePolicy arm = TokenAudiencePolicy.arm(AZURE);
        allowed(arm, "https://management.azure.com/subscriptions/x?api-version=1",
                "https://MANAGEMENT.Azure.com/subscriptions", "https://management.azure.com:443/subscriptions");
        refused(arm,
                "https://evil.example/subscriptions/x",
                "http://management.azure.com/subscriptions",                 // in clear text
                "https://management.azure.com:8443/subscriptions",           // another port
                "https://management.azure.com./subscriptions",               // a trailing dot is not how Azure names it
                "https://management.azure.com.evil.example/",
                "https://evilmanagement.azure.com/",
                "https://x.management.azure.com/",
                "https://management.azure.com@evil.example/",                // user-info: the host is evil.example
                "https://evil.example#@management.azure.com/",
                "https://management.azure.com:443@evil.example/",
                "https://demo.vault.azure.net/keys/k",                       // another audience's host
                "https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
                "https://127.0.0.1/subscriptions", "https://[::1]/subscriptions");
    }

    @Test
    void unicodeHostsNeverPassForACloudHost() {
        TokenAudiencePolicy arm = TokenAudiencePolicy.arm(AZURE);
        TokenAudiencePolicy vault = TokenAudiencePolicy.keyVault(AZURE);
        refused(arm, "https://m\u0430nagement.azure.com/");                  // Cyrillic a
        refused(vault, "https://evil\u3002vault.azure.net/",                  // ideographic full stop
                "https://evil\uff0evault.azure.net/",                         // full-width full stop
                "https://demo.v\u0430ult.azure.net/");
        // a punycode label under the suffix is a host of Microsoft's zone, as any other ASCII label
        allowed(vault, "https://xn--80ak6aa92e.vault.azure.net/keys/k");
    }

    @Test
    void keyVaultAndManagedHsmTokensGoUnderTheirOwnSuffixes() {
        TokenAudiencePolicy vault = TokenAudiencePolicy.keyVault(AZURE);
        TokenAudiencePolicy hsm = TokenAudiencePolicy.managedHsm(AZURE);
        // Key Vault's own nextLink names :443
        allowed(vault, "https://demo.vault.azure.net/keys/k", "https://demo.vault.azure.net:443/keys/k/versions?x=1",
                "https://DEMO.VAULT.AZURE.NET/keys/k");
        refused(vault, "https://vault.azure.net/keys/k", "https://demovault.azure.net/", "https://demo.vault.azure.net.evil/",
                "https://demo.vault.azure.net:8443/", "https://demo.managedhsm.azure.net/keys/k", "https://management.azure.com/",
                "https://demo.vault.azure.cn/keys/k", "https://.vault.azure.net/", "https://a..vault.azure.net/");
        allowed(hsm, "https://demo.managedhsm.azure.net/keys/k", "https://demo.managedhsm.azure.net/providers/Microsoft.Authorization/roleAssignments");
        refused(hsm, "https://demo.vault.azure.net/keys/k", "https://managedhsm.azure.net/");
        assertNull(TokenAudiencePolicy.keyStore(AZURE, "https://demo.managedhsm.azure.net")
                .whyNot(url("https://demo.managedhsm.azure.net/keys/k")), "an HSM's client gets the HSM audience");
        assertTrue(TokenAudiencePolicy.keyStore(AZURE, "https://demo.vault.azure.net")
                .whyNot(url("https://demo.managedhsm.azure.net/keys/k")) != null, "a vault's client gets the Key Vault audience");
    }

    @Test
    void theDicomTokenGoesUnderTheDicomSuffixAndNowhereInACloudWithoutOne() {
        TokenAudiencePolicy dicom = TokenAudiencePolicy.dicom(AZURE);
        allowed(dicom, "https://ws-svc.dicom.azurehealthcareapis.com/v2/changefeed");
        refused(dicom, "https://evil.example/v2/changefeed", "https://ws-svc.dicom.azurehealthcareapis.com.evil/v2",
                "https://dicom.azurehealthcareapis.com/v2", "https://ws-svc.fhir.azurehealthcareapis.com/v2",
                "https://management.azure.com/");
        refused(TokenAudiencePolicy.dicom(CloudProfiles.AZURE_CHINA_CLOUD),
                "https://ws-svc.dicom.azurehealthcareapis.com/v2/changefeed", "https://ws-svc.dicom.azurehealthcareapis.cn/v2");
    }

    @Test
    void theAudiencesFollowTheCloudProfile() {
        CloudProfile gov = CloudProfiles.AZURE_US_GOVERNMENT;
        allowed(TokenAudiencePolicy.arm(gov), "https://management.usgovcloudapi.net/subscriptions");
        refused(TokenAudiencePolicy.arm(gov), "https://management.azure.com/subscriptions");
        allowed(TokenAudiencePolicy.keyVault(gov), "https://demo.vault.usgovcloudapi.net/keys/k");
        refused(TokenAudiencePolicy.keyVault(gov), "https://demo.vault.azure.net/keys/k");
        CloudProfile custom = CloudProfiles.parse("{\"name\":\"Lab\",\"resourceManagerEndpoint\":\"https://arm.lab.test:8443/\","
                + "\"authorityHost\":\"https://login.lab.test/\",\"keyVaultDnsSuffix\":\"vault.lab.test\","
                + "\"managedHsmDnsSuffix\":\"hsm.lab.test\"}", null);
        allowed(TokenAudiencePolicy.arm(custom), "https://arm.lab.test:8443/subscriptions");
        refused(TokenAudiencePolicy.arm(custom), "https://arm.lab.test/subscriptions", "https://arm.lab.test:443/subscriptions");
        refused(TokenAudiencePolicy.dicom(custom), "https://x.dicom.lab.test/v2");
    }

    @Test
    void aRefusedRequestIsNeverSentAndNamesTheHostAndWhatNamedIt() {
        List<HttpRequest> sent = new ArrayList<>();
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(request -> {
            sent.add(request);
            return Mono.just(new Answer(request, 200, new HttpHeaders()));
        }).policies(TokenAudiencePolicy.arm(AZURE)).build();

        TokenAudiencePolicy.TokenRefused sync = assertThrows(TokenAudiencePolicy.TokenRefused.class, () -> pipeline.sendSync(
                new HttpRequest(HttpMethod.GET, "https://evil.example/next"), new Context(TokenAudiencePolicy.NAMED_BY, "nextLink")));
        assertEquals("refusing to send the ARM token to evil.example (named by nextLink): not a host of cloud AzureCloud "
                + "(the ARM token goes to management.azure.com only)", sync.oneLine());
        assertEquals(AzureFailure.Kind.FAILED, sync.kind(), "exit 6");
        assertThrows(TokenAudiencePolicy.TokenRefused.class, () -> pipeline.send(
                new HttpRequest(HttpMethod.GET, "https://management.azure.com@evil.example/")).block());
        assertTrue(sent.isEmpty(), "nothing may be sent: " + sent);

        pipeline.sendSync(new HttpRequest(HttpMethod.GET, "https://management.azure.com/subscriptions"), Context.NONE).close();
        assertEquals(1, sent.size());
    }

    @Test
    void aKeyVaultChallengeMustNameTheCloudsOwnResource() {
        TokenAudiencePolicy vault = TokenAudiencePolicy.keyVault(AZURE);
        HttpRequest request = new HttpRequest(HttpMethod.GET, "https://demo.vault.azure.net/keys/k");
        String authority = "authorization=\"https://login.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47\"";
        for (String resource : List.of("resource=\"https://vault.azure.net\"", "resource=\"https://vault.azure.net/\"",
                "scope=\"https://vault.azure.net/.default\"", "resource=\"https://VAULT.azure.net\"")) {
            assertNull(vault.challengeRefusal(request, challenge(request, "Bearer " + authority + ", " + resource)), resource);
        }
        for (String resource : List.of("resource=\"https://azure.net\"", "resource=\"https://evil.example\"",
                "resource=\"http://vault.azure.net\"", "resource=\"https://managedhsm.azure.net\"",
                "resource=\"https://vault.azure.net@evil.example\"", "scope=\"https://management.azure.com/.default\"",
                "resource=\"https://vault.azure.net:8443\"")) {
            TokenAudiencePolicy.TokenRefused r = vault.challengeRefusal(request, challenge(request, "Bearer " + authority + ", " + resource));
            assertTrue(r != null && r.oneLine().startsWith("refusing to get a token for ") && r.oneLine().contains("demo.vault.azure.net"),
                    resource + ": " + (r == null ? null : r.oneLine()));
        }
        // a challenge without a resource (an error only) is the SDK's to answer; so is any 401 on ARM, which follows none
        assertNull(vault.challengeRefusal(request, challenge(request, "Bearer " + authority)));
        assertNull(TokenAudiencePolicy.arm(AZURE).challengeRefusal(request,
                challenge(request, "Bearer " + authority + ", resource=\"https://evil.example\"")));
        // the HSM's own resource for the HSM audience
        assertNull(TokenAudiencePolicy.managedHsm(AZURE).challengeRefusal(request,
                challenge(request, "Bearer " + authority + ", resource=\"https://managedhsm.azure.net\"")));
    }

    @Test
    void aForeignChallengeFailsTheRequestBeforeAnyTokenPolicyBehindItSeesIt() {
        List<HttpRequest> sent = new ArrayList<>();
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(request -> {
            sent.add(request);
            return Mono.just(challenge(request, "Bearer authorization=\"https://login.microsoftonline.com/t\", "
                    + "resource=\"https://azure.net\""));
        }).policies(TokenAudiencePolicy.keyVault(AZURE)).build();
        TokenAudiencePolicy.TokenRefused r = assertThrows(TokenAudiencePolicy.TokenRefused.class,
                () -> pipeline.sendSync(new HttpRequest(HttpMethod.GET, "https://demo.vault.azure.net/keys/k"), Context.NONE));
        assertTrue(r.oneLine().contains("https://azure.net") && r.oneLine().contains("https://vault.azure.net"), r.oneLine());
        assertEquals(1, sent.size());
    }

    private static URL url(String s) {
        try {
            return new URL(s);
        } catch (MalformedURLException e) {
            throw new AssertionError(s, e);
        }
    }

    private static HttpResponse challenge(HttpRequest request, String wwwAuthenticate) {
        return new Answer(request, 401, new HttpHeaders().set(HttpHeaderName.WWW_AUTHENTICATE, wwwAuthenticate));
    }

    /** An answer with a status and headers and no body. */
    private static final class Answer extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;

        Answer(HttpRequest request, int status, HttpHeaders headers) {
            super(request);
            this.status = status;
            this.headers = headers;
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(new byte[0]);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just("");
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just("");
        }
    }
}
