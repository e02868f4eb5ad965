package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.files.PrivateFiles;
import dev.dicomcmk.sandbox.world.WorldState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The sandbox's state directory: state.json holds the world, the credentials, the CA (so cloud
 * profiles written earlier keep working), the token key and the clock. Written atomically (temp
 * file + rename), readable by the owner only: it holds the client secret and the CA key.
 */
final class StateStore {

    static final String FILE = "state.json";

    /** Everything needed to bring a sandbox back as it was. */
    record Saved(SandboxCredentials credentials, String caCertificatePem, String caPrivateKeyPem, byte[] tokenKey,
                 Instant clockStart, Instant wallStart, Duration advanced, WorldState world) {
    }

    private final Path dir;

    StateStore(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    boolean exists() {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    Saved load() throws IOException {
        JsonNode root = Json.MAPPER.readTree(dir.resolve(FILE).toFile());
        JsonNode c = root.path("credentials");
        SandboxCredentials creds = new SandboxCredentials(c.path("tenantId").asText(), c.path("clientId").asText(),
                c.path("clientSecret").asText(), c.path("subscriptionId").asText(), c.path("operatorObjectId").asText(),
                c.path("adminKey").asText());
        JsonNode clock = root.path("clock");
        WorldState world = Json.MAPPER.treeToValue(root.path("world"), WorldState.class);
        return new Saved(creds, root.path("caCertificatePem").asText(), root.path("caPrivateKeyPem").asText(),
                Base64.getDecoder().decode(root.path("tokenKey").asText()), Instant.parse(clock.path("start").asText()),
                Instant.parse(clock.path("wallStart").asText()), Duration.ofSeconds(clock.path("advancedSeconds").asLong()),
                world);
    }

    void save(Saved s) {
        try {
            ObjectNode root = Json.obj().put("format", 1);
            root.set("credentials", Json.MAPPER.valueToTree(java.util.Map.of(
                    "tenantId", s.credentials().tenantId(), "clientId", s.credentials().clientId(),
                    "clientSecret", s.credentials().clientSecret(), "subscriptionId", s.credentials().subscriptionId(),
                    "operatorObjectId", s.credentials().operatorObjectId(), "adminKey", s.credentials().adminKey())));
            root.put("caCertificatePem", s.caCertificatePem()).put("caPrivateKeyPem", s.caPrivateKeyPem())
                    .put("tokenKey", Base64.getEncoder().encodeToString(s.tokenKey()));
            root.set("clock", Json.obj().put("start", s.clockStart().toString()).put("wallStart", s.wallStart().toString())
                    .put("advancedSeconds", s.advanced().getSeconds()));
            root.set("world", Json.MAPPER.valueToTree(s.world()));
            writePrivate(dir, FILE, Json.bytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the sandbox state to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes dir/name atomically with owner-only permissions (where the file system has them), never through a link. */
    static void writePrivate(Path dir, String name, byte[] content) throws IOException {
        PrivateFiles.writeAtomically(dir.resolve(name), content);
    }
}
