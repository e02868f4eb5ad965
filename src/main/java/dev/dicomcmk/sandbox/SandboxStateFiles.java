package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What `sandbox start` may know of a state folder before it starts a sandbox on it. */
public final class SandboxStateFiles {

    /** The saved world, credentials and CA. */
    public static final String STATE = StateStore.FILE;

    private SandboxStateFiles() {
    }

    /** The scenario the folder's saved world was seeded from; null when the folder holds no state. */
    public static String scenario(Path dir) throws IOException {
        Path file = dir.resolve(STATE);
        if (!Files.exists(file)) {
            return null;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(dev.dicomcmk.model.InputFiles.readBounded(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(STATE + ": " + dev.dicomcmk.model.JsonSyntax.describe(e));
        }
        String scenario = root == null ? "" : root.path("world").path("scenario").asText("");
        if (scenario.isEmpty()) {
            throw new IOException(STATE + " names no scenario");
        }
        return scenario;
    }
}
