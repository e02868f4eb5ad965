package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.azure.CloudProfile;
import dev.dicomcmk.sandbox.entra.TokenIssuer;
import dev.dicomcmk.sandbox.http.CertificateAuthority;
import dev.dicomcmk.sandbox.http.HttpsListener;
import dev.dicomcmk.sandbox.world.WorldState;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The local Azure: one HTTPS listener on 127.0.0.1 serving Entra, ARM, Key Vault, Managed HSM, the
 * DICOM API and an admin API, routed by host name under sandbox.test. Start it, hand
 * {@link #cloudProfile()} (or {@link #writeProfile}) to the client, sign in with {@link #credentials()}.
 */
public final class Sandbox implements AutoCloseable {

    public static final String DNS_ZONE = SandboxContext.DNS_ZONE;

    private final SandboxCredentials credentials;
    private final CertificateAuthority ca;
    private final byte[] tokenKey;
    private final SandboxClock clock;
    private final Instant clockWallStart;
    private final SandboxWorld world;
    private final RequestLog requestLog = new RequestLog();
    private final Faults faults = new Faults();
    private final StateStore store;
    private final List<JsonNode> events = new java.util.ArrayList<>();
    private final HttpsListener listener;

    private Sandbox(SandboxConfig config) throws IOException {
        this.store = config.stateDir() == null ? null : new StateStore(config.stateDir());
        WorldState state;
        if (store != null && store.exists()) {
            StateStore.Saved saved = store.load();
            credentials = saved.credentials();
            ca = CertificateAuthority.load(saved.caCertificatePem(), saved.caPrivateKeyPem());
            tokenKey = saved.tokenKey();
            clockWallStart = Instant.now();
            // real time that passed while no sandbox ran is part of the clock too
            Duration away = Duration.between(saved.wallStart(), clockWallStart);
            clock = new SandboxClock(saved.clockStart(), saved.advanced().plus(away.isNegative() ? Duration.ZERO : away));
            state = saved.world();
        } else {
            if (!Scenarios.exists(config.scenario())) {
                Scenarios.seed(config.scenario(), 0);
            }
            SecureRandom random = new SecureRandom();
            credentials = new SandboxCredentials(SandboxIds.TENANT_ID, SandboxIds.CLIENT_ID, newSecret(random),
                    SandboxIds.SUBSCRIPTION_ID, SandboxIds.OPERATOR_OBJECT_ID, HexFormat.of().formatHex(bytes(random, 16)));
            ca = CertificateAuthority.create();
            tokenKey = bytes(random, 32);
            clockWallStart = Instant.now();
            clock = new SandboxClock(config.clockStart() == null ? clockWallStart : config.clockStart(), Duration.ZERO);
            state = Scenarios.seed(config.scenario(), clock.start().getEpochSecond());
        }
        world = new SandboxWorld(state, clock, this::save, this::record);
        clock.onAdvance(() -> {
            world.update(w -> { });
            world.rotateDueKeys();
        });
        SandboxContext ctx = new SandboxContext(world, clock, credentials,
                new TokenIssuer(tokenKey, SandboxContext.LOGIN_HOST), requestLog, faults, this::save);
        // the port first: a port in use must not leave a new state (with its client secret) behind
        listener = new HttpsListener(config.port(), ca.serverContext(), new Router(ctx, config.latencyMs()), clock::httpDate);
        save();
    }

    public static Sandbox start(SandboxConfig config) throws IOException {
        return new Sandbox(config);
    }

    /** The scenario the world was seeded from (a resumed state keeps its own). */
    public String scenario() {
        return world.read(w -> w.scenario);
    }

    public int port() {
        return listener.port();
    }

    public SandboxCredentials credentials() {
        return credentials;
    }

    public String caCertificatePem() {
        return ca.certificatePem();
    }

    /** Profile "Sandbox": sandbox.test endpoints, this sandbox's CA, every *.sandbox.test host routed to 127.0.0.1:port. */
    public CloudProfile cloudProfile() {
        return new CloudProfile("Sandbox", URI.create("https://management." + DNS_ZONE + "/"),
                SandboxContext.MANAGEMENT_AUDIENCE, URI.create("https://login." + DNS_ZONE + "/"), "vault." + DNS_ZONE,
                "managedhsm." + DNS_ZONE, "dicom." + DNS_ZONE, false, caCertificatePem(),
                List.of(new CloudProfile.Route(DNS_ZONE, "127.0.0.1:" + port())));
    }

    /**
     * Writes dir/cloud.json (the cloud profile, CA by file), dir/ca.pem and dir/credentials.env
     * (AZURE_* variables; owner-only, it holds the client secret). Returns the cloud.json path.
     */
    public Path writeProfile(Path dir) throws IOException {
        var profile = Json.obj().put("name", "Sandbox")
                .put("resourceManagerEndpoint", "https://management." + DNS_ZONE + "/")
                .put("resourceManagerAudience", SandboxContext.MANAGEMENT_AUDIENCE)
                .put("authorityHost", "https://login." + DNS_ZONE + "/")
                .put("keyVaultDnsSuffix", "vault." + DNS_ZONE)
                .put("managedHsmDnsSuffix", "managedhsm." + DNS_ZONE)
                .put("dicomDnsSuffix", "dicom." + DNS_ZONE)
                .put("instanceDiscovery", false)
                .put("caCertificateFile", "ca.pem");
        profile.set("routes", Json.arr().add(Json.obj().put("suffix", DNS_ZONE).put("address", "127.0.0.1:" + port())));
        StateStore.writePrivate(dir, "ca.pem", caCertificatePem().getBytes(StandardCharsets.US_ASCII));
        // exported, so that `. credentials.env` hands them to the dicom-cmk processes the shell starts
        String env = "export AZURE_TENANT_ID=" + credentials.tenantId() + "\n"
                + "export AZURE_CLIENT_ID=" + credentials.clientId() + "\n"
                + "export AZURE_CLIENT_SECRET=" + credentials.clientSecret() + "\n"
                + "export AZURE_SUBSCRIPTION_ID=" + credentials.subscriptionId() + "\n"
                + "export AZURE_AUTHORITY_HOST=https://login." + DNS_ZONE + "/\n";
        StateStore.writePrivate(dir, "credentials.env", env.getBytes(StandardCharsets.UTF_8));
        byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(profile);
        StateStore.writePrivate(dir, "cloud.json", json);
        return dir.resolve("cloud.json");
    }

    public SandboxClock clock() {
        return clock;
    }

    public RequestLog requestLog() {
        return requestLog;
    }

    public SandboxWorld world() {
        return world;
    }

    public Faults faults() {
        return faults;
    }

    /** The admin API's host name (send X-Sandbox-Admin-Key with {@link SandboxCredentials#adminKey()}). */
    public String adminHost() {
        return SandboxContext.ADMIN_HOST;
    }

    /** The Event Grid events Key Vault would have published so far (this run's), oldest first. */
    public List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Where a sandbox with a state folder appends each event as one line (owner-only, never through a link). */
    public static final String EVENTS_FILE = "events.jsonl";

    private void record(List<com.fasterxml.jackson.databind.node.ObjectNode> published) {
        synchronized (events) {
            events.addAll(published);
        }
        if (store == null) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (JsonNode e : published) {
            lines.append(Json.text(e)).append('\n');
        }
        Path file = store.dir().resolve(EVENTS_FILE);
        try {
            dev.dicomcmk.files.PrivateFiles.createDirectories(store.dir());
            try (java.nio.channels.FileChannel out = dev.dicomcmk.files.PrivateFiles.openToAppend(file, "the sandbox's event log",
                    w -> { })) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        if (store == null || world == null) {
            return;
        }
        world.read(w -> {
            store.save(new StateStore.Saved(credentials, ca.certificatePem(), ca.privateKeyPem(), tokenKey, clock.start(),
                    clockWallStart, clock.advanced(), w));
            return null;
        });
    }

    @Override
    public void close() {
        listener.close();
    }

    private static String newSecret(SecureRandom random) {
        // shaped like an Entra client secret value ("xxx8Q~..."): 40 characters
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        StringBuilder sb = new StringBuilder("sbx8Q~");
        for (int i = 0; i < 34; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
