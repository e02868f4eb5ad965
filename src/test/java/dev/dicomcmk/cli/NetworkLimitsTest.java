package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.FaultRule;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Safety invariant I7, the limits: --timeout bounds the sign-in like every other exchange, and a network
 * failure (no answer, refused, reset) is exit 6 "cannot reach HOST" within it, never an authentication failure.
 */
class NetworkLimitsTest {

    private static final String[] WRITE = {"-y", "enable-identity", "--system-assigned", "--service",
            "demo-ws/demo-dicom", "-g", "demo-rg"};
    private static final String[] READ = {"validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg"};

    private static String[] with(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private record Timed(CliRunner.Result result, double seconds) {
    }

    private static Timed timed(java.util.function.Supplier<CliRunner.Result> run) {
        long t0 = System.nanoTime();
        CliRunner.Result r = run.get();
        return new Timed(r, (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void aStalledSignInEndsWithinTheTimeoutAsExit6NamingTheHost() throws Exception {
        try (SandboxCli cli = new SandboxCli("identity-missing")) {
            cli.sandbox.faults().add(FaultRule.stall().forHost("login\\.sandbox\\.test"));
            for (String[] command : new String[][] {WRITE, READ}) {
                Timed t = timed(() -> cli.run(with(new String[] {"--timeout", "5s"}, command)));
                String seen = t.result().describe() + "\n(" + t.seconds() + " s)";
                assertEquals(6, t.result().exitCode(), seen);
                assertTrue(t.result().err().contains("cannot reach login.sandbox.test"), seen);
                assertFalse(t.result().err().contains("az login"), "not a sign-in to redo: " + seen);
                // 5 s of budget, a little start-up and a loaded machine's slack; before, 4 x 5 s of retries
                assertTrue(t.seconds() < 9, seen);
            }
            assertEquals(0, cli.sandbox.requestLog().writes());
        }
    }

    @Test
    void aSignInResetIsExit6NotAnAuthenticationFailure() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            cli.sandbox.faults().add(FaultRule.reset().forHost("login\\.sandbox\\.test"));
            Timed t = timed(() -> cli.run(READ));
            String seen = t.result().describe() + "\n(" + t.seconds() + " s)";
            assertEquals(6, t.result().exitCode(), seen);
            assertTrue(t.result().err().contains("cannot reach login.sandbox.test"), seen);
            assertTrue(t.seconds() < 15, "the sign-in's retries only, not retried again around it: " + seen);
        }
    }

    @Test
    void anUnreachableCloudIsExit6CannotReachWithinTheDefaultBound() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            String profile = Files.readString(cli.profile).replace("127.0.0.1:" + cli.sandbox.port(), "127.0.0.1:" + closed);
            Path unreachable = Files.writeString(cli.dir.resolve("unreachable.json"), profile);
            Timed t = timed(() -> cli.runWithProfile(unreachable, READ));
            String seen = t.result().describe() + "\n(" + t.seconds() + " s)";
            assertEquals(6, t.result().exitCode(), seen);
            assertTrue(t.result().err().contains("cannot reach login.sandbox.test: connection refused"), seen);
            assertTrue(t.seconds() < 15, seen);
        }
    }
}
