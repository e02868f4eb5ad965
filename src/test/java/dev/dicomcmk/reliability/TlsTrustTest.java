package dev.dicomcmk.reliability;

import dev.dicomcmk.cli.CliRunner;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox's certificate is trusted only through its cloud profile, never by switching TLS
 * checks off: without the profile's CA the same calls fail the handshake.
 */
class TlsTrustTest {

    @Test
    void aDefaultJdkClientRefusesTheSandboxCertificate() throws Exception {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.sandbox.port() + "/"))
                    .header("X-Forwarded-Host", "management.sandbox.test").build();
            assertThrows(SSLHandshakeException.class,
                    () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()));
        }
    }

    /**
     * The cloud's CA is trusted for its own host names only: the JDK's trust managers still check the name (and the
     * algorithm constraints) on every handshake, also when the chain is the cloud CA's.
     */
    @Test
    void theCloudCaIsTrustedOnlyForTheNamesOnTheCertificate() throws Exception {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            javax.net.ssl.SSLContext ctx = dev.dicomcmk.azure.HttpClients.sslContextTrusting(
                    Files.readString(s.dir.resolve("ca.pem")));
            assertEquals("TLSv1.3", handshake(ctx, s.sandbox.port(), "management.sandbox.test"));
            SSLHandshakeException refused = assertThrows(SSLHandshakeException.class,
                    () -> handshake(ctx, s.sandbox.port(), "management.elsewhere.example"));
            // the cloud CA's own refusal (the name), not the JDK store's (no path to a root it knows)
            assertTrue(String.valueOf(refused.getMessage()).contains("management.elsewhere.example"),
                    refused.toString());
        }
    }

    /** A TLS handshake with the sandbox's port as if it were the host `name`, checked as HTTPS checks it. */
    private static String handshake(javax.net.ssl.SSLContext ctx, int port, String name) throws Exception {
        try (java.net.Socket tcp = new java.net.Socket("127.0.0.1", port);
             javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) ctx.getSocketFactory()
                     .createSocket(tcp, name, port, true)) {
            javax.net.ssl.SSLParameters params = tls.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(params);
            tls.setSoTimeout(10_000);
            tls.startHandshake();
            return tls.getSession().getProtocol();
        }
    }

    @Test
    void aProfileWithoutTheCaFailsWithATlsErrorExit6() throws Exception {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            String withoutCa = Files.readString(s.profile).replaceAll(",\\s*\"caCertificateFile\"\\s*:\\s*\"ca.pem\"", "");
            assertTrue(!withoutCa.contains("caCertificate"), withoutCa);
            Path profile = Files.writeString(s.dir.resolve("no-ca.json"), withoutCa);
            long t0 = System.nanoTime();
            CliRunner.Result r = s.runWithProfile(profile, "validate-key", "--service", CommandRow.SERVICE, "-g", "demo-rg");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // an untrusted certificate is not retried: before, each call's retries times the sign-in's took ~40 s
            assertTrue(ms < 10_000, "took " + ms + " ms");
            assertEquals(6, r.exitCode(), r.describe());
            assertEquals(1, r.err().lines().count(), "one line\n" + r.describe());
            assertTrue(r.err().contains("TLS") && r.err().contains("caCertificateFile"),
                    "says it is TLS trust and how to fix it\n" + r.describe());
            assertEquals(0, s.sandbox.requestLog().entries().size(), "no request got through the handshake");
        }
    }
}
