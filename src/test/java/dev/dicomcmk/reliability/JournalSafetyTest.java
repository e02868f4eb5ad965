package dev.dicomcmk.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.rotation.RunLock;
import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SandboxIds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * I4, through the CLI against a sandbox: the journal cannot be torn (a torn last line is fenced off,
 * not glued to the next record), redirected (a link at the journal's or the lock's path is refused,
 * its target untouched) or misread (a line with a hostile value is skipped with a warning, never put
 * into a URL, and blocks no later rotation); a journal others could read is tightened.
 */
class JournalSafetyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE_ID = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID + "/resourceGroups/"
            + SandboxIds.DEMO_RG + "/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom";
    private static final String OTHER_VERSION = "f".repeat(32);

    /** rotate-key --new-version with the sandbox's journal named by --journal (so where it lives by default plays no part). */
    private static CliRunner.Result rotate(SandboxRun s, String... more) {
        List<String> args = new ArrayList<>(List.of("rotate-key", "--service", CommandRow.SERVICE, "-g", SandboxIds.DEMO_RG,
                "--new-version", "--verify-for", "1s", "--yes"));
        if (!List.of(more).contains("--journal")) {
            args.addAll(List.of("--journal", s.journalFile().toString()));
        }
        args.addAll(List.of(more));
        return s.run(args.toArray(String[]::new));
    }

    /** A "started" line of the demo service, as a run killed before its end line leaves it. */
    private static String started(SandboxRun s, String attempt, String time, String newKey, String deployment) throws Exception {
        var line = JSON.createObjectNode().put("time", time).put("attempt", attempt).put("operator", SandboxIds.OPERATOR_OBJECT_ID)
                .put("service", SERVICE_ID).put("oldKey", s.keyAtStart).put("newKey", newKey).put("plan", "switch")
                .put("outcome", "started").put("deployment", deployment);
        return JSON.writeValueAsString(line);
    }

    /** Another existing version of the demo key: what an interrupted attempt had made to switch to. */
    private static String otherVersion(SandboxRun s) {
        String current = s.keyAtStart.substring(s.keyAtStart.lastIndexOf('/') + 1);
        String other = s.sandbox.world().keyVersions("demo-kv", "demo-key").stream().filter(v -> !v.equals(current))
                .findFirst().orElseThrow();
        return s.keyAtStart.substring(0, s.keyAtStart.lastIndexOf('/') + 1) + other;
    }

    private static String key(SandboxRun s) {
        return s.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom");
    }

    @Test
    void aTornLastLineIsFencedOffAndTheInterruptedAttemptBeforeItIsStillFinished() throws Exception {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            Path journal = s.journalFile();
            String interrupted = started(s, "attempt-interrupted", "2026-01-01T00:00:00Z", otherVersion(s), "dicom-cmk-interrupted");
            String torn = started(s, "attempt-torn", "2026-01-01T00:01:00Z", otherVersion(s), "dicom-cmk-torn");
            Files.createDirectories(journal.getParent());
            // the second record was cut short by a full disk: no newline, half its bytes
            Files.writeString(journal, interrupted + "\n" + torn.substring(0, torn.length() / 2), StandardCharsets.UTF_8);

            CliRunner.Result r = rotate(s);
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.err().contains("torn line"), "the fence is reported: " + r.describe());
            assertTrue(r.err().contains("attempt-interrupted"), "the interrupted attempt is found: " + r.describe());
            assertNotEquals(s.keyAtStart, key(s), "rotated after finishing it");

            List<String> lines = Files.readAllLines(journal);
            assertEquals(torn.substring(0, torn.length() / 2), lines.get(1), "the torn bytes stay a line of their own");
            List<JsonNode> after = new ArrayList<>();
            for (String line : lines.subList(2, lines.size())) {
                after.add(JSON.readTree(line)); // every record after the fence parses
            }
            assertTrue(after.stream().anyMatch(e -> e.path("attempt").asText().equals("attempt-interrupted")
                    && e.path("outcome").asText().startsWith("failed: interrupted")), "its end is recorded: " + after);
            assertEquals(List.of("started", "succeeded"), after.stream().map(e -> e.path("outcome").asText())
                    .filter(o -> !o.startsWith("failed")).toList(), after.toString());

            CliRunner.Result again = rotate(s);
            assertEquals(0, again.exitCode(), again.describe());
            assertFalse(again.err().contains("interrupted"), "nothing is left open: " + again.describe());
        }
    }

    @Test
    void aJournalThatIsALinkIsRefusedAndItsTargetUntouched() throws Exception {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            Path target = s.dir.resolve("precious.txt");
            Files.writeString(target, "not a journal\n");
            Files.createSymbolicLink(s.journalFile(), target);

            CliRunner.Result r = rotate(s);
            assertEquals(2, r.exitCode(), r.describe());
            assertTrue(r.err().contains(s.journalFile() + " is a symbolic link"), r.describe());
            assertEquals("not a journal\n", Files.readString(target));
            assertEquals(s.keyAtStart, key(s), "nothing was changed in Azure");
            assertEquals(0, s.sandbox.requestLog().writes(), "refused before any write");

            Path chosen = s.dir.resolve("chosen.jsonl");
            Files.createSymbolicLink(chosen, target);
            CliRunner.Result explicit = rotate(s, "--journal", chosen.toString());
            assertEquals(2, explicit.exitCode(), explicit.describe());
            assertEquals("not a journal\n", Files.readString(target));
        }
    }

    @Test
    void aLockFileThatIsALinkIsRefusedAndItsTargetNotTruncated() throws Exception {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            Path target = s.dir.resolve("precious.txt");
            Files.writeString(target, "someone's data\n");
            Path lock = RunLock.fileFor(s.dir, SERVICE_ID, CommandRow.SERVICE);
            Files.createDirectories(lock.getParent());
            Files.createSymbolicLink(lock, target);

            CliRunner.Result r = rotate(s);
            assertEquals(2, r.exitCode(), r.describe());
            assertTrue(r.err().contains(lock + " is a symbolic link"), r.describe());
            assertEquals("someone's data\n", Files.readString(target), "the link's target keeps its bytes");
            assertEquals(s.keyAtStart, key(s));
        }
    }

    @Test
    void aJournalOthersCouldReadIsMadeOwnerOnlyWithAWarning() throws Exception {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            Path journal = s.journalFile();
            Files.writeString(journal, "");
            Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-r--r--"));

            CliRunner.Result r = rotate(s);
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.err().contains("warning: the journal " + journal + " was rw-r--r--"), r.describe());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)));
        }
    }

    /** A line of the demo service's with one hostile value: (deployment name, key URL, time). */
    @ParameterizedTest
    @ValueSource(strings = {"deployment", "foreign-key", "time", "service"})
    void aLineWithAHostileValueIsSkippedNeverReachesAUrlAndBlocksNoRotation(String hostile) throws Exception {
        try (SandboxRun s = SandboxRun.start("healthy")) {
            String line = switch (hostile) {
                case "deployment" -> started(s, "attempt-1", "2026-01-01T00:00:00Z", otherVersion(s), "../../..");
                case "foreign-key" -> started(s, "attempt-1", "2026-01-01T00:00:00Z",
                        "https://evil.example.com/keys/demo-key/" + OTHER_VERSION, "dicom-cmk-x");
                case "time" -> started(s, "attempt-1", "yesterday", otherVersion(s), "dicom-cmk-x");
                default -> started(s, "attempt-1", "2026-01-01T00:00:00Z", otherVersion(s), "dicom-cmk-x")
                        .replace(SERVICE_ID, SERVICE_ID + "/../../../../providers/Microsoft.Authorization/x");
            };
            Files.writeString(s.journalFile(), line + "\n", StandardOpenOption.CREATE_NEW);

            for (int run = 1; run <= 2; run++) {
                CliRunner.Result r = rotate(s);
                assertEquals(0, r.exitCode(), "run " + run + ": " + r.describe());
                assertTrue(r.err().contains("line 1: skipped"), "run " + run + " says which line it skipped: " + r.describe());
                assertFalse(r.err().contains("attempt-1"), "the hostile attempt is not acted on: " + r.describe());
            }
            for (RequestLog.Entry e : s.sandbox.requestLog().entries()) {
                assertFalse(e.path().contains("..") || e.path().contains("%2e%2e") || e.path().contains("%2E%2E"),
                        "no request path from the journal: " + e);
                assertFalse(e.host().contains("evil"), "no request to a host from the journal: " + e);
            }
            assertTrue(s.sandbox.requestLog().deploymentPuts().stream().noneMatch(d -> d.contains("..")));
        }
    }
}
