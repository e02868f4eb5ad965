package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SharedKeyFleet;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** Services sharing one key (the sandbox's shared-key-N): found across subscriptions, the key read once for them all. */
class SharedKeyFleetTest {

    private static final String KEY = "https://shared-kv.vault.sandbox.test/keys/shared-key";

    @Test
    void aDryRunToLatestPlansEveryServiceOnTheKeyAndReadsTheKeyOnce() throws Exception {
        try (SandboxCli s = new SandboxCli("shared-key-8")) {
            CliRunner.Result dry = s.run("rotate-key", "--to-latest", "--uses-key", KEY, "--all-subscriptions", "--dry-run");
            Map<String, Integer> counts = new TreeMap<>();
            for (RequestLog.Entry e : s.sandbox.requestLog().entries()) {
                counts.merge(e.method() + " " + e.host() + e.path(), 1, Integer::sum);
            }
            counts.forEach((k, v) -> System.out.println(v + " " + k));
            assertEquals(0, dry.exitCode(), dry.describe());
            System.out.println(dry.out());
        }
    }
}
