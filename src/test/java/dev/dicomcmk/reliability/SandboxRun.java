package dev.dicomcmk.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.cli.SandboxCli;
import dev.dicomcmk.sandbox.FaultRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The cli tests' {@link SandboxCli}, with the fault helpers the reliability suites use. */
final class SandboxRun extends SandboxCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The demo service's key before the run, for what the run's output and journal claim. */
    final String keyAtStart;

    private SandboxRun(String scenario) throws IOException {
        super(scenario);
        keyAtStart = sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom");
    }

    static SandboxRun start(String scenario) {
        try {
            return new SandboxRun(scenario);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void inject(FaultRule... rules) {
        for (FaultRule r : rules) {
            sandbox.faults().add(r);
        }
    }

    void clearFaults() {
        sandbox.faults().clear();
    }

    /** rotate-key's journal of this sandbox (in the folder of its cloud profile), oldest line first. */
    List<JsonNode> journal() {
        Path file = journalFile();
        try {
            List<JsonNode> lines = new ArrayList<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
