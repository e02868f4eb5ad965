package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.FaultRule;
import org.junit.jupiter.api.Test;

class LimitsReproTest {
    @Test
    void stalledSignIn() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            cli.sandbox.faults().add(FaultRule.stall().forHost("login\\..*"));
            String[][] cmds = {
                {"--timeout", "5s", "diagnose", "--service", "demo-ws/demo-dicom", "-g", "demo-rg"},
                {"--timeout", "5s", "update-via-arm", "--what-if", "--service", "demo-ws/demo-dicom", "-g", "demo-rg"},
                {"--timeout", "5s", "-y", "enable-identity", "--system-assigned", "--service", "demo-ws/demo-dicom", "-g", "demo-rg"},
                {"--timeout", "5s", "-y", "rotate-key", "--new-version", "--service", "demo-ws/demo-dicom", "-g", "demo-rg"},
            };
            for (String[] c : cmds) {
                long t0 = System.nanoTime();
                CliRunner.Result r = cli.run(c);
                System.out.println("ELAPSED " + (System.nanoTime() - t0) / 1e9 + "\n" + r.describe());
            }
        }
    }
}
