package dev.dicomcmk.sandbox.http;

import dev.dicomcmk.azure.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A client that never closes its pool (every in-process CLI run of a test) leaves keep-alive
 * connections behind; once they fill the listener, a new client must still be served — the
 * longest-idle connection makes room — and only when every connection is busy is it refused.
 */
class HttpsListenerCapacityTest {

    private static final int LIMIT = 4;

    private final CertificateAuthority ca = CertificateAuthority.create();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpsListener listener;

    @BeforeEach
    void start() throws Exception {
        listener = new HttpsListener(0, ca.serverContext(), request -> {
            if (request.path().startsWith("/busy")) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Response.text(200, "text/plain", "ok");
        }, () -> "Fri, 04 Dec 2026 00:00:00 GMT", LIMIT);
    }

    @AfterEach
    void stop() {
        release.countDown();
        listener.close();
    }

    private HttpClient client() {
        return HttpClient.newBuilder().sslContext(HttpClients.sslContextTrusting(ca.certificatePem()))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + listener.port() + path))
                .timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNewClientIsServedWhenIdleKeepAlivesFillTheListener() throws Exception {
        List<HttpClient> forgotten = new ArrayList<>();
        for (int i = 0; i < LIMIT * 3; i++) {
            HttpClient c = client();
            forgotten.add(c);
            assertEquals(200, get(c, "/idle").statusCode(), "client " + i + " of " + LIMIT * 3 + " (limit " + LIMIT + ")");
        }
        assertEquals(LIMIT * 3, forgotten.size());
    }

    @Test
    void aNewClientIsRefusedOnlyWhenEveryConnectionIsBusy() throws Exception {
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            HttpClient c = client();
            Thread t = new Thread(() -> {
                try {
                    get(c, "/busy");
                } catch (Exception e) {
                    // released or closed at the end of the test
                }
            });
            t.start();
            busy.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (listener.busyConnections() < LIMIT && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(LIMIT, listener.busyConnections());
        assertThrows(java.io.IOException.class, () -> get(client(), "/idle"));
        release.countDown();
        for (Thread t : busy) {
            t.join(10_000);
        }
    }
}
