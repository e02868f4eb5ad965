package dev.dicomcmk.reliability;

import dev.dicomcmk.cli.SandboxCli;
import dev.dicomcmk.sandbox.FaultRule;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The cli tests' {@link SandboxCli}, with the fault helpers the reliability suites use. */
final class SandboxRun extends SandboxCli {

    private SandboxRun(String scenario) throws IOException {
        super(scenario);
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
}
