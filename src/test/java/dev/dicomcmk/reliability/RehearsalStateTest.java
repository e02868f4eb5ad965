package dev.dicomcmk.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.SandboxIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * I6: rehearsals never touch real state. Every sandbox has the same subscription, group and service
 * ids as every other, so a journal shared by the sandboxes and the real cloud would let a rehearsal
 * finish (or be blocked by) another world's attempt and write its lines among the admin's real ones.
 * The journal and the locks are kept per cloud: a real one's under $XDG_STATE_HOME/dicom-cmk/<ARM host>,
 * a sandbox's beside its cloud profile, an in-process --sandbox run's in a temporary folder of its own.
 */
class RehearsalStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEMO_SERVICE = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID + "/resourceGroups/"
            + SandboxIds.DEMO_RG + "/providers/Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom";

    /** An attempt of the demo service's left open (a run killed mid-way), with values a real run would write. */
    private static String openAttempt(String attempt, String vaultSuffix) throws Exception {
        String key = "https://demo-kv." + vaultSuffix + "/keys/demo-key/";
        return JSON.writeValueAsString(JSON.createObjectNode().put("time", "2026-01-01T00:00:00Z").put("attempt", attempt)
                .put("operator", SandboxIds.OPERATOR_OBJECT_ID).put("service", DEMO_SERVICE).put("oldKey", key + "a".repeat(32))
                .put("newKey", key + "b".repeat(32)).put("plan", "switch").put("outcome", "started")
                .put("deployment", "dicom-cmk-" + attempt)) + "\n";
    }

    /** Every file under dir with its bytes, permissions and modification time. */
    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String what = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        ? Files.readString(p) + " " + Files.getLastModifiedTime(p) + " " + Files.getPosixFilePermissions(p)
                        : "folder";
                files.put(dir.relativize(p).toString(), what);
            }
        }
        return files;
    }

    @Test
    void aSandboxRunLeavesTheRealStateFolderUntouched(@TempDir Path home) throws Exception {
        Path xdg = home.resolve("xdg");
        Path real = xdg.resolve("dicom-cmk");
        Files.createDirectories(real.resolve("management.azure.com"));
        // the admin's real journals, old layout and new, each with an attempt of a service whose ids every sandbox has
        Files.writeString(real.resolve("journal.jsonl"), openAttempt("real-unscoped", "vault.sandbox.test"));
        Files.writeString(real.resolve("management.azure.com/journal.jsonl"), openAttempt("real-public", "vault.azure.net"));
        Map<String, String> before = snapshot(home);

        CliRunner.Result r = new CliRunner().env("HOME", home.toString()).env("XDG_STATE_HOME", xdg.toString())
                .run("--sandbox", "healthy", "rotate-key", "--service", "demo-ws/demo-dicom", "-g", SandboxIds.DEMO_RG,
                        "--new-version", "--verify-for", "1s", "--yes");
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(r.err().contains("real-"), "the rehearsal saw none of the real attempts: " + r.describe());
        assertEquals(before, snapshot(home), "$XDG_STATE_HOME/dicom-cmk (and the home folder) untouched");
    }

    @Test
    void twoSandboxesNeverShareAJournal(@TempDir Path xdg) throws Exception {
        try (SandboxRun a = SandboxRun.start("healthy"); SandboxRun b = SandboxRun.start("healthy")) {
            Files.writeString(a.journalFile(), openAttempt("attempt-of-a", "vault.sandbox.test"));
            String aBefore = Files.readString(a.journalFile());

            CliRunner.Result rb = rotate(b, xdg);
            assertEquals(0, rb.exitCode(), rb.describe());
            assertFalse(rb.err().contains("attempt-of-a"), "B does not finish A's attempt: " + rb.describe());
            assertEquals(aBefore, Files.readString(a.journalFile()), "B wrote nothing into A's journal");
            List<String> bOutcomes = new ArrayList<>();
            for (String line : Files.readAllLines(b.journalFile())) {
                JsonNode e = JSON.readTree(line);
                assertFalse(e.path("attempt").asText().equals("attempt-of-a"), line);
                bOutcomes.add(e.path("outcome").asText());
            }
            assertEquals(List.of("started", "succeeded"), bOutcomes);

            CliRunner.Result ra = rotate(a, xdg);
            assertEquals(0, ra.exitCode(), ra.describe());
            assertTrue(ra.err().contains("attempt-of-a"), "A finds its own attempt: " + ra.describe());
            assertFalse(Files.exists(xdg.resolve("dicom-cmk")), "neither wrote into the user's state folder");
        }
    }

    private static CliRunner.Result rotate(SandboxRun s, Path xdg) {
        return s.runner().env("XDG_STATE_HOME", xdg.toString()).run("--cloud", s.profile.toString(), "--auth", "env",
                "rotate-key", "--service", "demo-ws/demo-dicom", "-g", SandboxIds.DEMO_RG, "--new-version",
                "--verify-for", "1s", "--yes");
    }

    @Test
    void aJournalFromBeforeJournalsWerePerCloudMovesToThePublicCloudsOnce(@TempDir Path xdg) throws Exception {
        Path old = xdg.resolve("dicom-cmk/journal.jsonl");
        Path scoped = xdg.resolve("dicom-cmk/management.azure.com/journal.jsonl");
        Files.createDirectories(old.getParent());
        String lines = openAttempt("before-upgrade", "vault.azure.net");
        Files.writeString(old, lines);

        CliRunner.Result first = history(xdg);
        assertEquals(0, first.exitCode(), first.describe());
        assertTrue(first.err().contains("moved the journal " + old + " to " + scoped), first.describe());
        assertEquals(1, JSON.readTree(first.out()).path("entries").size(), "its attempts are still found: " + first.describe());
        assertEquals(lines, Files.readString(scoped));
        assertFalse(Files.exists(old));

        CliRunner.Result second = history(xdg);
        assertEquals(0, second.exitCode(), second.describe());
        assertFalse(second.err().contains("moved"), "once: " + second.describe());

        Files.writeString(old, lines); // an older dicom-cmk ran again after the move
        CliRunner.Result leftover = history(xdg);
        assertTrue(leftover.err().contains("warning: " + old + " is a journal from before"), leftover.describe());
        assertEquals(lines, Files.readString(scoped), "never moved over the per-cloud journal");
    }

    private static CliRunner.Result history(Path xdg) {
        return new CliRunner().env("XDG_STATE_HOME", xdg.toString()).run("rotate-key", "--history", "--service",
                DEMO_SERVICE, "-o", "json");
    }
}
