package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.FaultRule;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C in the middle of a write: the run (the real Main in a process of its own, held while its switch deployment is under way
 * (the sandbox never answers the deployment's status), then sent SIGINT as a terminal's Ctrl-C sends it) says in one message what it
 * did, what is in flight and the command that finishes it; that command, run next, does.
 */
class InterruptedWriteIT {

    @Test
    void ctrlCDuringASwitchSaysWhatIsDoneWhatIsPendingAndWhatToRunNext() throws Exception {
        try (SandboxCli cli = new SandboxCli("healthy")) {
            String before = cli.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom");
            List<String> args = List.of("rotate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg",
                    "--new-version", "--verify-for", "2s", "-y");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.dicomcmk.Main"));
            command.addAll(List.of(SandboxCli.withProfile(cli.profile, args.toArray(String[]::new))));
            ProcessBuilder pb = new ProcessBuilder(command);
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AZURE_") || k.startsWith("XDG_") || k.startsWith("DICOM_CMK_"));
            env.putAll(cli.runner().environment());
            // ARM takes the switch deployment; its status never comes back: the run is held while the deployment runs
            FaultRule hold = FaultRule.acceptThenStall().forMethod("GET").forHost("management\\.sandbox\\.test")
                    .forPath(".*/deployments/[^/]+/operationStatuses/.*").times(1);
            cli.sandbox.faults().add(hold);
            Path out = Files.createTempFile(cli.dir, "interrupted", ".out");
            Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                long deadline = System.currentTimeMillis() + 120_000;
                while (cli.sandbox.faults().rules().contains(hold)) {
                    assertTrue(p.isAlive() && System.currentTimeMillis() < deadline, "never held:\n" + Files.readString(out));
                    Thread.sleep(50);
                }
                Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start();
                assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT");
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the run ends on Ctrl-C");
            } finally {
                p.destroyForcibly();
            }
            String said = Files.readString(out);
            assertEquals(130, p.exitValue(), said); // 128 + SIGINT, as a shell reports it
            List<String> notice = said.lines().filter(l -> l.contains("interrupted during")).toList();
            assertEquals(1, notice.size(), said);
            String line = notice.get(0);
            assertTrue(line.startsWith("dicom-cmk: interrupted during rotate-key on demo-ws/demo-dicom: "), line);
            assertTrue(line.contains("done: created key version demo-kv/demo-key/"), line);
            assertTrue(line.contains("in flight: switch the service to demo-kv/demo-key/"), line);
            assertTrue(line.contains("deployment dicom-cmk-"), line);
            assertTrue(line.contains(cli.journalFile().toString()), line);
            String next = line.substring(line.indexOf("to finish it, run: ") + "to finish it, run: ".length());
            assertTrue(next.startsWith("dicom-cmk --cloud " + cli.profile + " --auth env rotate-key "), next);

            // what it says to run finishes it
            List<String> again = ShellWords.split(next);
            CliRunner.Result finished = cli.runner().run(again.subList(1, again.size()).toArray(String[]::new));
            assertEquals(0, finished.exitCode(), finished.describe());
            String after = cli.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom");
            assertTrue(!after.equals(before), finished.describe());
        }
    }
}
