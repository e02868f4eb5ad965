package dev.dicomcmk.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Builds the one azure-core HttpClient every SDK client and credential of a run shares: the JDK
 * transport, the cloud's extra CA (trusted in addition to the JDK's, never instead of checking),
 * and the cloud's host routes. TLS verification is never switched off.
 */
public final class HttpClients {

    private HttpClients() {
    }

    public static HttpClient forCloud(CloudProfile cloud, Duration timeout) {
        return forCloud(cloud, timeout, null);
    }

    /** As above, with every attempt logged to debug (the --debug HTTP log) when it is not null. */
    public static HttpClient forCloud(CloudProfile cloud, Duration timeout, java.io.PrintWriter debug) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        if (cloud.caCertificatePem() != null) {
            jdk.sslContext(sslContextTrusting(cloud.caCertificatePem()));
        }
        Duration perRequest = perRequestTimeout(timeout);
        JdkHttpClientBuilder builder = new JdkHttpClientBuilder(jdk)
                .connectionTimeout(connectTimeout(timeout))
                .responseTimeout(perRequest)
                .readTimeout(perRequest)
                .writeTimeout(perRequest);
        HttpClient client = builder.build();
        HttpClient routed = cloud.routes().isEmpty() ? client : new HostRoutingHttpClient(client, cloud.routes());
        // outside the routing, so failures and the log name the hosts the SDK asked for
        HttpClient named = new HostNamingHttpClient(routed);
        return debug == null ? named : new HttpDebugLog(named, debug);
    }

    /** How long a TCP (and TLS) connection may take to open: a host that does not answer at all fails fast. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * A connection gets {@link #CONNECT_TIMEOUT}, whatever a slow answer may take once connected: an unreachable
     * cloud (a dropped SYN, a black-holed route) fails within ~10 s by default, not after the per-request minute;
     * a --timeout shorter than that bounds it too.
     */
    public static Duration connectTimeout(Duration timeout) {
        Duration perRequest = perRequestTimeout(timeout);
        return perRequest.compareTo(CONNECT_TIMEOUT) < 0 ? perRequest : CONNECT_TIMEOUT;
    }

    /** --timeout is the whole command's budget; one HTTP exchange gets at most a minute of it. */
    public static Duration perRequestTimeout(Duration timeout) {
        return timeout.compareTo(Duration.ofMinutes(1)) < 0 ? timeout : Duration.ofMinutes(1);
    }

    /** An SSLContext that trusts the JDK's CAs plus the given PEM certificate(s). */
    public static SSLContext sslContextTrusting(String pem) {
        try {
            X509TrustManager jdkDefault = defaultTrustManager(null);
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            int i = 0;
            for (X509Certificate cert : parsePem(pem)) {
                extra.setCertificateEntry("cloud-ca-" + i++, cert);
            }
            X509TrustManager cloudCa = defaultTrustManager(extra);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new EitherTrustManager(cloudCa, jdkDefault)}, null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up TLS trust for the cloud profile's CA: " + e.getMessage(), e);
        }
    }

    static Collection<X509Certificate> parsePem(String pem) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (var c : cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new CertificateException("no certificate in PEM");
        }
        return out;
    }

    private static X509TrustManager defaultTrustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return Arrays.stream(tmf.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast).findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no X509TrustManager"));
    }

    /** Trusts a chain when either the cloud's CA or the JDK's store does. */
    private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            second.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
