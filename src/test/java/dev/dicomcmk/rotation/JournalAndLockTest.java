package dev.dicomcmk.rotation;

import dev.dicomcmk.model.KeyFacts.KeyVersionFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal, the lock and the version decisions on their own. */
class JournalAndLockTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String S1 = service("s1");

    static String service(String name) {
        return "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
                + "Microsoft.HealthcareApis/workspaces/ws1/dicomservices/" + name + "x";
    }

    /** A versioned key URL of the public cloud, one version per name. */
    static String key(String name) {
        return "https://kv1.vault.azure.net/keys/k/" + String.format("%32s", Integer.toHexString(name.hashCode())).replace(' ', '0');
    }

    @Test
    void anAttemptWithoutAnEndIsUnfinished(@TempDir Path dir) throws Exception {
        Journal j = new Journal(dir.resolve("state/journal.jsonl"));
        JournalEntry a = new JournalEntry(NOW.toString(), "a1", "oid", S1, key("old"), key("new"), "plan", "started", "d");
        j.append(a);
        assertEquals("a1", j.unfinished(S1.toUpperCase(java.util.Locale.ROOT)).orElseThrow().attempt(), "service ids compare case-insensitively");
        j.append(a.ended(NOW.toString(), "succeeded"));
        assertTrue(j.unfinished(S1).isEmpty());
        Files.writeString(j.file(), "{\"torn", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(2, j.history(S1).size(), "an unreadable line is skipped, not fatal");
    }

    @Test
    void retiredKeysAreTheKeysSucceededAttemptsMovedAwayFromNewestFirstReadIncrementally(@TempDir Path dir)
            throws Exception {
        Journal j = new Journal(dir.resolve("journal.jsonl"));
        JournalEntry first = new JournalEntry(NOW.toString(), "a1", "oid", S1, key("k1"), key("k2"), "plan", "started", "d1");
        j.append(first);
        j.append(first.ended(NOW.toString(), JournalEntry.SUCCEEDED));
        JournalEntry failed = new JournalEntry(NOW.toString(), "a2", "oid", S1, key("k2"), key("k9"), "plan", "started", "d2");
        j.append(failed);
        j.append(failed.ended(NOW.toString(), "failed: rolled back"));
        JournalEntry other = new JournalEntry(NOW.toString(), "b1", "oid", service("s2"), key("x1"), key("x2"), "plan", "started", "d3");
        j.append(other);
        j.append(other.ended(NOW.toString(), JournalEntry.SUCCEEDED));
        assertEquals(java.util.List.of(key("k1")), j.retiredKeys(S1.toUpperCase(java.util.Locale.ROOT)), "only succeeded moves, this service's");
        JournalEntry second = new JournalEntry(NOW.toString(), "a3", "oid", S1, key("k2"), key("k3"), "plan", "started", "d4");
        j.append(second);
        j.append(second.ended(NOW.toString(), JournalEntry.SUCCEEDED));
        assertEquals(java.util.List.of(key("k2"), key("k1")), j.retiredKeys(S1), "lines added since are read too");
        assertEquals(java.util.List.of(), j.retiredKeys(service("s3")));
        Files.writeString(j.file(), "");
        assertEquals(java.util.List.of(), j.retiredKeys(S1), "a journal emptied is read again from the start");
    }

    @Test
    void anAttemptWhoseLatestLineIsPendingStaysOpenUntilALineSaysHowItEnded(@TempDir Path dir) {
        Journal j = new Journal(dir.resolve("journal.jsonl"));
        JournalEntry a = new JournalEntry(NOW.toString(), "a1", "oid", S1, key("old"), key("new"), "plan", "started", "d");
        j.append(a);
        String pending = "pending: deployment d still Running after 3s; it goes on in Azure";
        j.append(a.ended(NOW.toString(), pending));
        JournalEntry open = j.unfinished(S1).orElseThrow();
        assertEquals("a1", open.attempt());
        assertTrue(open.pending(), "the open attempt's latest line: " + open);
        assertEquals("d", open.deployment());
        j.append(a.ended(NOW.toString(), pending));
        assertTrue(j.unfinished(S1).orElseThrow().pending(), "still pending when a later run found it still Running");
        j.append(a.ended(NOW.toString(), "succeeded"));
        assertTrue(j.unfinished(S1).isEmpty(), "the line that says how it ended closes it");
        assertTrue(!new JournalEntry(null, "a2", null, S1, null, null, null, "failed: pending approval", null).pending(),
                "only an outcome that starts with pending leaves an attempt open");
    }

    @Test
    void unfinishedSeesWhatOthersAppendAndAReplacedJournal(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal mine = new Journal(file);
        Journal other = new Journal(file); // another run, appending to the same file
        assertTrue(mine.unfinished(S1).isEmpty(), "no journal yet");
        JournalEntry a = new JournalEntry(NOW.toString(), "a1", "oid", S1, key("old"), key("new"), "plan", "started", "d");
        for (int i = 0; i < 2000; i++) { // more than one read buffer of other services' lines
            other.append(new JournalEntry(NOW.toString(), "n" + i, "oid", service("other-" + i), key("old"), null, "plan", "not-due", null));
        }
        other.append(a);
        assertEquals("a1", mine.unfinished(S1).orElseThrow().attempt());
        assertTrue(mine.unfinished(service("other-7")).isEmpty());

        // a line still being written counts once it is whole
        String end = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(a.ended(NOW.toString(), "succeeded"));
        Files.writeString(file, end.substring(0, 20), java.nio.file.StandardOpenOption.APPEND);
        assertEquals("a1", mine.unfinished(S1).orElseThrow().attempt());
        Files.writeString(file, end.substring(20) + "\n", java.nio.file.StandardOpenOption.APPEND);
        assertTrue(mine.unfinished(S1).isEmpty(), "ended by the other run");

        // replaced by hand (e.g. rotated away): read again from its start
        Path replacement = dir.resolve("new.jsonl");
        new Journal(replacement).append(a);
        Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("a1", mine.unfinished(S1.toUpperCase(java.util.Locale.ROOT)).orElseThrow().attempt());
    }

    @Test
    void aTornLastLineIsFencedOffByTheNextAppendAndSkippedWithAWarning(@TempDir Path dir) throws Exception {
        List<String> warnings = new java.util.ArrayList<>();
        Journal j = new Journal(dir.resolve("journal.jsonl"), new JournalLines("vault.azure.net", "managedhsm.azure.net"),
                warnings::add);
        JournalEntry a = new JournalEntry(NOW.toString(), "a1", "oid", S1, key("old"), key("new"), "plan", "started", "d");
        j.append(a);
        Files.writeString(j.file(), "{\"time\":\"2026-", java.nio.file.StandardOpenOption.APPEND); // ENOSPC mid-record
        JournalEntry b = new JournalEntry(NOW.toString(), "b1", "oid", service("s2"), key("x1"), key("x2"), "plan", "started", "d2");
        j.append(b);
        List<String> lines = Files.readAllLines(j.file());
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("{\"time\":\"2026-", lines.get(1), "the torn bytes stay a line of their own");
        assertEquals("b1", j.unfinished(service("s2")).orElseThrow().attempt(), "the record after them is whole");
        assertEquals("a1", j.unfinished(S1).orElseThrow().attempt());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("torn line")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("line 2: skipped")), warnings.toString());
    }

    @Test
    void aLockFileThatIsALinkIsRefusedAndItsTargetKeepsItsBytes(@TempDir Path dir) throws Exception {
        Path target = Files.writeString(dir.resolve("precious"), "data");
        Path file = RunLock.fileFor(dir, S1, "ws1/s1x");
        Files.createDirectories(file.getParent());
        Files.createSymbolicLink(file, target);
        RuntimeException e = assertThrows(dev.dicomcmk.files.PrivateFiles.UnsafeFileException.class,
                () -> RunLock.acquire(file, 111, NOW));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        assertEquals("data", Files.readString(target));
    }

    @Test
    void aSecondHolderIsRefusedAndAKilledHoldersLockIsTakenOver(@TempDir Path dir) throws Exception {
        Path file = RunLock.fileFor(dir, "/subscriptions/x/.../dicomservices/d", "ws/d");
        try (RunLock held = RunLock.acquire(file, 111, NOW)) {
            assertNull(held.takenOverFrom());
            LockedException e = assertThrows(LockedException.class, () -> RunLock.acquire(file, 222, NOW));
            assertTrue(e.getMessage().contains("PID 111"), e.getMessage());
        }
        try (RunLock clean = RunLock.acquire(file, 222, NOW)) {
            assertNull(clean.takenOverFrom(), "a clean release leaves nothing to take over");
        }
        // a killed holder leaves its line behind (the OS released its lock)
        Files.writeString(file, "pid=2147483000 started=" + NOW + "\n");
        try (RunLock taken = RunLock.acquire(file, 333, NOW)) {
            assertEquals(2147483000L, taken.takenOverFrom().pid());
            assertTrue(!taken.takenOverFrom().alive(), "a stale PID");
        }
    }

    @Test
    void notDueAndTheNewestUsableVersion() {
        assertEquals("not due: current version is 41 days old (--if-older-than 90 days)",
                VersionChoice.notDue(NOW.minus(Duration.ofDays(41)), NOW, Duration.ofDays(90)).orElseThrow());
        assertTrue(VersionChoice.notDue(NOW.minus(Duration.ofDays(91)), NOW, Duration.ofDays(90)).isEmpty());
        List<KeyVersionFacts> versions = List.of(
                new KeyVersionFacts("a", true, NOW.minus(Duration.ofDays(90)), null, null),
                new KeyVersionFacts("b", true, NOW.minus(Duration.ofDays(5)), null, NOW.minusSeconds(1)),
                new KeyVersionFacts("c", false, NOW.minus(Duration.ofDays(1)), null, null),
                new KeyVersionFacts("d", true, NOW.minus(Duration.ofDays(30)), null, null));
        assertEquals("d", VersionChoice.newestUsable(versions, NOW).orElseThrow().version(),
                "expired and disabled versions are skipped");
    }

    @Test
    void theStateDirFollowsXdg() {
        assertEquals(Path.of("/x/dicom-cmk"), StateDir.of(Map.of("XDG_STATE_HOME", "/x", "HOME", "/h")));
        assertEquals(Path.of("/h/.local/state/dicom-cmk"), StateDir.of(Map.of("HOME", "/h")));
    }
}
