package dev.dicomcmk.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything one run needs to talk to one cloud: the credential, the shared HttpClient, and the
 * ARM, Key Vault and Managed HSM pipelines, each built on first use (so commands that never call
 * Azure, and the man-page generator, build none of it).
 */
public final class AzureSession implements AutoCloseable {

    public static final String USER_AGENT = "dicom-cmk";

    private final CloudProfile cloud;
    private final TokenCredential credential;
    private final HttpClient httpClient;
    private final ServerClock clock;
    private final Duration timeout;
    private final String version;
    /** --timeout is the whole run's budget, counted from the session's start (or the sign-in's, before it) */
    private final RunDeadline deadline;
    private final Map<String, KeyClient> keyClients = new ConcurrentHashMap<>();
    private final KeyVaultTokens keyVaultTokens;
    private volatile HttpPipeline armPipeline;
    private volatile ArmClient arm;
    private volatile TypedArm typedArm;
    private volatile HttpPipeline managedHsmPipeline;
    private volatile ExecutorService executor;
    private volatile boolean keyClientClassesLoading;

    /**
     * @param httpClient the run's one HttpClient (with its TLS trust, routing and --debug log)
     */
    public AzureSession(CloudProfile cloud, TokenCredential credential, HttpClient httpClient, ServerClock clock,
                        Duration timeout, String version) {
        this(cloud, credential, httpClient, clock, RunDeadline.start(timeout), version);
    }

    /** As above, on a deadline the credential's sign-in already draws from (see {@link #signInRetryOptions}). */
    public AzureSession(CloudProfile cloud, TokenCredential credential, HttpClient httpClient, ServerClock clock,
                        RunDeadline deadline, String version) {
        this.cloud = cloud;
        this.credential = credential;
        this.httpClient = httpClient;
        this.clock = clock;
        this.timeout = deadline.timeout();
        this.version = version;
        this.keyVaultTokens = new KeyVaultTokens(credential, cloud);
        this.deadline = deadline;
    }

    /**
     * Gets ready for Key Vault reads beside the reads that will tell which vault to ask: starts getting the
     * Key Vault token (the key reads then need neither the challenge round trip nor a token round trip of
     * their own) and, once per run, builds a Key Vault client for no vault, which loads and initialises the
     * keys SDK's classes (~0.1 s, most of a first client's cost) while the sign-in and the service read wait
     * on the network, not after them on the critical path. It sends nothing.
     */
    public void prepareKeyVaultReads() {
        ExecutorService ex = executor();
        keyVaultTokens.prefetch(ex);
        if (!keyClientClassesLoading) {
            keyClientClassesLoading = true;
            ex.execute(() -> readClientBuilder("https://warm-up." + cloud.keyVaultDnsSuffix()).buildClient());
        }
    }

    public CloudProfile cloud() {
        return cloud;
    }

    /** The run's credential (rotate-key reads the signed-in principal's object id from its token). */
    public TokenCredential credential() {
        return credential;
    }

    public ServerClock clock() {
        return clock;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The tool's version this session announces (User-Agent), also stamped into the templates it deploys. */
    public String toolVersion() {
        return version;
    }

    public ArmClient arm() {
        if (arm == null) {
            synchronized (this) {
                if (arm == null) {
                    arm = new ArmClient(armPipeline(), cloud, clock, timeout);
                }
            }
        }
        return arm;
    }

    /**
     * The typed azure-resourcemanager clients for ARM writes, on the same pipeline as {@link #arm()}: one retry
     * policy, one deadline, one token host pinning for raw reads and typed writes. Built on the first write
     * (a read-only command loads none of their classes).
     */
    TypedArm typedArm() {
        if (typedArm == null) {
            synchronized (this) {
                if (typedArm == null) {
                    typedArm = new TypedArm(armPipeline(), arm(), cloud);
                }
            }
        }
        return typedArm;
    }

    /** ARM's pipeline: retries, ARM's challenge and re-authentication, the server clock, then the token's host. */
    private HttpPipeline armPipeline() {
        if (armPipeline == null) {
            synchronized (this) {
                if (armPipeline == null) {
                    armPipeline = pipeline(TokenAudiencePolicy.arm(cloud), new ReauthenticatingArmPolicy(credential,
                            new String[] {cloud.resourceManagerScope()}), new ResourceGraphQuotaPolicy());
                }
            }
        }
        return armPipeline;
    }

    /** A KeyClient for a vault or HSM URL (https://name.vault.azure.net); one per vault per run. */
    public KeyClient keyClient(String vaultUrl) {
        return keyClients.computeIfAbsent(vaultUrl.toLowerCase(java.util.Locale.ROOT),
                url -> readClientBuilder(url).buildClient());
    }

    /**
     * A Key Vault client's builder with this run's credential, HTTP client, retries and policies; the vault's
     * token audience last, after the SDK's challenge policy and {@link KeyVaultTokens}, so it judges what goes
     * on the wire.
     */
    private KeyClientBuilder readClientBuilder(String vaultUrl) {
        return new KeyClientBuilder().vaultUrl(vaultUrl).credential(credential).httpClient(httpClient)
                .retryOptions(retryOptions())
                .addPolicy(new UserAgentPolicy(USER_AGENT + "/" + version))
                .addPolicy(keyVaultTokens)
                .addPolicy(clock)
                .addPolicy(TokenAudiencePolicy.keyStore(cloud, vaultUrl));
    }

    /**
     * A KeyClient for writes that are not idempotent (creating a key version): retried only when Key
     * Vault answered 429, which means it did not act. A 500, a reset or a time-out may have created
     * the version already, and a blind retry would create a second one; the caller reports the
     * failure instead and the rotation journal tells what to check.
     */
    public KeyClient keyWriteClient(String vaultUrl) {
        // the read client's policies: a write gets no token up front, but a refused (expired) token is replaced as
        // on reads (Key Vault answered 401 and did not act, so sending the write once more cannot make a second version)
        return readClientBuilder(vaultUrl)
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(MAX_RETRIES)
                        .setBaseDelay(Duration.ofMillis(500)).setMaxDelay(Duration.ofSeconds(10)))
                        .setShouldRetryCondition(c -> c.getResponse() != null && c.getResponse().getStatusCode() == 429))
                .buildClient();
    }

    /** A pipeline for Managed HSM data-plane calls the keys SDK does not offer (local RBAC). */
    public HttpPipeline managedHsmPipeline() {
        if (managedHsmPipeline == null) {
            synchronized (this) {
                if (managedHsmPipeline == null) {
                    // the HSM's own token policy answers no challenge: KeyVaultTokens replaces a refused (expired) token
                    managedHsmPipeline = pipeline(TokenAudiencePolicy.managedHsm(cloud),
                            new BearerTokenAuthenticationPolicy(credential, cloud.managedHsmScope()), keyVaultTokens);
                }
            }
        }
        return managedHsmPipeline;
    }

    /** A probe of the DICOM API, signing in with this run's credential over its HttpClient. */
    public DicomApiProbe dicomApiProbe() {
        return DicomApiProbe.over(httpClient, credential, clock, version, cloud);
    }

    /**
     * Threads for independent reads; daemon threads, so a stuck read never keeps the JVM alive. Not a fixed
     * pool: reads wait on reads they started (a key read on its versions, a vault lookup on its direct read),
     * and with several services checked at once a fixed pool could fill with waiters. How many run at once is
     * bounded by the callers (one fan-out per service, --parallel services).
     */
    /** One service's work of a fleet, with a whole --timeout of its own (a fleet applies --timeout per service). */
    public <T> T perService(java.util.function.Supplier<T> work) {
        return deadline.perService(work);
    }

    public ExecutorService executor() {
        if (executor == null) {
            synchronized (this) {
                if (executor == null) {
                    AtomicInteger n = new AtomicInteger();
                    // a cached pool (as Executors.newCachedThreadPool) whose tasks draw from the budget of the
                    // service that handed them over (RunDeadline.perService), not from the whole run's
                    executor = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 60L,
                            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "dicom-cmk-io-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }) {
                        @Override
                        public void execute(Runnable command) {
                            super.execute(RunDeadline.carried(command));
                        }
                    };
                }
            }
        }
        return executor;
    }

    /** @param audience where the token may go: last, after every policy that attaches one (see {@link TokenAudiencePolicy}) */
    private HttpPipeline pipeline(TokenAudiencePolicy audience, HttpPipelinePolicy... auth) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new UserAgentPolicy(USER_AGENT + "/" + version));
        policies.add(new RequestIdPolicy());
        policies.add(new RetryPolicy(retryOptions()));
        policies.addAll(List.of(auth));
        policies.add(clock);
        policies.add(audience);
        return new HttpPipelineBuilder().httpClient(httpClient).policies(policies.toArray(new HttpPipelinePolicy[0]))
                .build();
    }

    /**
     * Bounded retries with exponential back-off (azure-core honours Retry-After): throttling, server
     * errors and network failures are retried, a failed sign-in or an untrusted certificate never is (it would fail the same
     * way),
     * and an attempt that timed out only while --timeout leaves room for a whole further attempt.
     */
    RetryOptions retryOptions() {
        return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(MAX_RETRIES)
                .setBaseDelay(Duration.ofMillis(500)).setMaxDelay(Duration.ofSeconds(10)))
                .setShouldRetryCondition(c -> worthRetrying(c, deadline.nanosLeft()));
    }

    /** How many times a failed call is tried again (so at most 4 attempts). */
    public static final int MAX_RETRIES = 3;

    /**
     * @param budgetLeftNanos what is left of --timeout; an attempt that timed out took a whole
     *                        per-request timeout ({@link HttpClients#perRequestTimeout}), so another
     *                        one is only worth starting when that much is left
     */
    boolean worthRetrying(com.azure.core.http.policy.RequestRetryCondition condition, long budgetLeftNanos) {
        return worthRetrying(condition, budgetLeftNanos, HttpClients.perRequestTimeout(timeout).toNanos());
    }

    /**
     * The whole cause chain is looked at before deciding: an untrusted certificate arrives as an
     * SSLHandshakeException, which is an IOException, with the CertificateException beneath it.
     */
    static boolean worthRetrying(com.azure.core.http.policy.RequestRetryCondition condition, long budgetLeftNanos,
                                 long perRequestNanos) {
        if (condition.getResponse() != null) {
            int s = condition.getResponse().getStatusCode();
            return s == 408 || s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
        }
        boolean io = false;
        boolean timedOut = false;
        for (Throwable c = condition.getThrowable(); c != null; c = c.getCause()) {
            if (c instanceof com.azure.core.exception.ClientAuthenticationException
                    || c instanceof com.azure.identity.CredentialUnavailableException
                    // a sign-in that failed already had its own retries (signInRetryOptions): retrying the call
                    // around it would multiply them (4 x 4 attempts against an unreachable token endpoint)
                    || c instanceof com.microsoft.aad.msal4j.MsalException
                    || AzureErrors.isUntrustedCertificate(c)) {
                return false;
            }
            if (c instanceof java.net.http.HttpConnectTimeoutException || c instanceof java.net.UnknownHostException) {
                // the host did not answer a connection in CONNECT_TIMEOUT, or its name does not resolve: trying
                // again fails the same way, and an unreachable cloud must fail within ~10 s, not four times that
                return false;
            }
            timedOut |= AzureErrors.isTimeout(c);
            io |= c instanceof java.io.IOException;
        }
        return timedOut ? budgetLeftNanos >= perRequestNanos : io;
    }

    /**
     * The same policy for the credential's own sign-in pipeline (azure-identity retries token
     * requests by itself): without it an untrusted certificate is tried four times per token request,
     * and a stalled token endpoint four per-request timeouts. It draws on the run's deadline like every
     * other exchange: a sign-in that timed out is tried again only while --timeout leaves room for it.
     */
    public static RetryOptions signInRetryOptions(RunDeadline deadline) {
        long perRequest = HttpClients.perRequestTimeout(deadline.timeout()).toNanos();
        return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(MAX_RETRIES)
                .setBaseDelay(Duration.ofMillis(500)).setMaxDelay(Duration.ofSeconds(10)))
                .setShouldRetryCondition(c -> worthRetrying(c, deadline.nanosLeft(), perRequest));
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (!keyClients.isEmpty()) {
            // the keys SDK caches each vault's challenge (tenant, scope) JVM-wide, keyed by host; a run embedded
            // in a longer-lived JVM (tests, other tools) must not hand a stale tenant to the next run
            com.azure.security.keyvault.keys.implementation.KeyVaultCredentialPolicy.clearCache();
        }
    }
}
