package dev.dicomcmk.sandbox;

import java.nio.file.Path;
import java.time.Instant;

/**
 * How to start a sandbox.
 *
 * @param port       TCP port on 127.0.0.1; 0 picks a free one
 * @param scenario   scenario name (see {@link Scenarios#list()}); null means "healthy"
 * @param stateDir   directory to load the world from and save it to after every write; null = in memory
 * @param latencyMs  added to every answer (performance tests); 0 = none
 * @param clockStart where the sandbox clock starts; null = real now (whole seconds)
 */
public record SandboxConfig(int port, String scenario, Path stateDir, int latencyMs, Instant clockStart) {

    public SandboxConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must not be negative");
        }
        scenario = scenario == null ? "healthy" : scenario;
    }

    public SandboxConfig(int port, String scenario, Path stateDir, int latencyMs) {
        this(port, scenario, stateDir, latencyMs, null);
    }

    public static SandboxConfig of(String scenario) {
        return new SandboxConfig(0, scenario, null, 0, null);
    }

    public SandboxConfig withStateDir(Path dir) {
        return new SandboxConfig(port, scenario, dir, latencyMs, clockStart);
    }

    public SandboxConfig withClockStart(Instant start) {
        return new SandboxConfig(port, scenario, stateDir, latencyMs, start);
    }

    public SandboxConfig withLatencyMs(int ms) {
        return new SandboxConfig(port, scenario, stateDir, ms, clockStart);
    }
}
