package dev.dicomcmk.cli;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Test-only hook (documented in CONTRIBUTING.md): rotate-key holds the run at the named step of its apply
 * (before-deploy, during-deploy, before-verify) so a test can kill it there. Unset, every step passes.
 */
final class TestPause {

    static final String PAUSE_AT = "DICOM_CMK_TEST_PAUSE_AT";

    private TestPause() {
    }

    /** The rotation's checkpoints as this environment asks them held. */
    static Consumer<String> checkpoints(CliEnvironment env) {
        return step -> {
            if (step.equals(env.getenv(PAUSE_AT))) {
                env.err().println("test hook: paused at " + step);
                env.err().flush();
                try {
                    Thread.sleep(Duration.ofMinutes(10).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
