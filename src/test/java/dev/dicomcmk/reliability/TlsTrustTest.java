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
