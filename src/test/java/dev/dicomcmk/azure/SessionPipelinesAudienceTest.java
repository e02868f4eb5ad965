package dev.dicomcmk.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.util.Context;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every pipeline a session builds ends with its token's audience: a request to a foreign host fails
 * before it reaches the HTTP client, with the token already attached by the policies before it.
 */
class SessionPipelinesAudienceTest {

    private final List<HttpRequest> sent = new ArrayList<>();
    private final HttpClient recording = request -> {
        sent.add(request);
        return Mono.error(new AssertionError("sent to " + request.getUrl()));
    };
    private final TokenCredential credential = ctx -> Mono.just(new AccessToken("header.payload.signature",
            OffsetDateTime.now().plusHours(1)));

    private AzureSession session() {
        return new AzureSession(CloudProfiles.AZURE_CLOUD, credential, recording, new ServerClock(Clock.systemUTC()),
                Duration.ofSeconds(30), "test");
    }

    @Test
    void theManagedHsmPipelineSendsItsTokenToManagedHsmHostsOnly() {
        try (AzureSession s = session()) {
            for (String url : List.of("https://evil.example/providers/Microsoft.Authorization/roleAssignments",
                    "https://demo.vault.azure.net/keys/k", "https://management.azure.com/subscriptions")) {
                assertThrows(TokenAudiencePolicy.TokenRefused.class,
                        () -> s.managedHsmPipeline().sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE), url);
            }
        }
        assertTrue(sent.isEmpty(), "sent: " + sent);
    }

    @Test
    void theDicomProbeRefusesAServiceUrlOutsideTheDicomSuffix() {
        try (AzureSession s = session()) {
            TokenAudiencePolicy.TokenRefused r = assertThrows(TokenAudiencePolicy.TokenRefused.class,
                    () -> s.dicomApiProbe().probe("https://evil.example"));
            assertTrue(r.oneLine().contains("evil.example") && r.oneLine().contains("serviceUrl"), r.oneLine());
        }
        assertTrue(sent.isEmpty(), "sent: " + sent);
    }

    @Test
    void keyClientsSendTheirTokenToTheirOwnSuffixOnly() {
        try (AzureSession s = session()) {
            // a vault URL outside the cloud's suffixes (the key URL parser refuses those first; this is the pipeline's own guard)
            RuntimeException e = assertThrows(RuntimeException.class, () -> s.keyClient("https://evil.example").getKey("k"));
            assertTrue(AzureErrors.fromThrowable("read key", e) instanceof TokenAudiencePolicy.TokenRefused, String.valueOf(e));
        }
        assertTrue(sent.isEmpty(), "sent: " + sent);
    }
}
