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

    @Test
    void anAttemptWithoutAnEndIsUnfinished(@TempDir Path dir) throws Exception {
        Journal j = new Journal(dir.resolve("state/journal.jsonl"));
        JournalEntry a = new JournalEntry(NOW.toString(), "a1", "oid", "/s/1", "old", "new", "plan", "started", "d");
        j.append(a);
        assertEquals("a1", j.unfinished("/S/1").orElseThrow().attempt(), "service ids compare case-insensitively");
        j.append(a.ended(NOW.toString(), "succeeded"));
        assertTrue(j.unfinished("/s/1").isEmpty());
        Files.writeString(j.file(), "{\"torn", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(2, j.history("/s/1").size(), "an unreadable line is skipped, not fatal");
    }

    @Test
    void retiredKeysAreTheKeysSucceededAttemptsMovedAwayFromNewestFirstReadIncrementally(@TempDir Path dir)
            throws Exception {
        Journal j = new Journal(dir.resolve("journal.jsonl"));
        JournalEntry first = new JournalEntry(NOW.toString(), "a1", "oid", "/s/1", "k1", "k2", "plan", "started", "d1");
        j.append(first);
        j.append(first.ended(NOW.toString(), JournalEntry.SUCCEEDED));
        JournalEntry failed = new JournalEntry(NOW.toString(), "a2", "oid", "/s/1", "k2", "k9", "plan", "started", "d2");
        j.append(failed);
        j.append(failed.ended(NOW.toString(), "failed: rolled back"));
        JournalEntry other = new JournalEntry(NOW.toString(), "b1", "oid", "/s/2", "x1", "x2", "plan", "started", "d3");
        j.append(other);
        j.append(other.ended(NOW.toString(), JournalEntry.SUCCEEDED));
        assertEquals(java.util.List.of("k1"), j.retiredKeys("/S/1"), "only succeeded moves, this service's");
        JournalEntry second = new JournalEntry(NOW.toString(), "a3", "oid", "/s/1", "k2", "k3", "plan", "started", "d4");
        j.append(second);
        j.append(second.ended(NOW.toString(), JournalEntry.SUCCEEDED));
        assertEquals(java.util.List.of("k2", "k1"), j.retiredKeys("/s/1"), "lines added since are read too");
        assertEquals(java.util.List.of(), j.retiredKeys("/s/3"));
        Files.writeString(j.file(), "");
        assertEquals(java.util.List.of(), j.retiredKeys("/s/1"), "a journal emptied is read again from the start");
    }

    @Test
    void anAttemptWhoseLatestLineIsPendingStaysOpenUntilALineSaysHowItEnded(@TempDir Path dir) {
        Journal j = new Journal(dir.resolve("journal.jsonl"));
        JournalEntry a = new JournalEntry(NOW.toString(), "a1", "oid", "/s/1", "old", "new", "plan", "started", "d");
        j.append(a);
        String pending = "pending: deployment d still Running after 3s; it goes on in Azure";
        j.append(a.ended(NOW.toString(), pending));
        JournalEntry open = j.unfinished("/s/1").orElseThrow();
        assertEquals("a1", open.attempt());
        assertTrue(open.pending(), "the open attempt's latest line: " + open);
        assertEquals("d", open.deployment());
        j.append(a.ended(NOW.toString(), pending));
        assertTrue(j.unfinished("/s/1").orElseThrow().pending(), "still pending when a later run found it still Running");
        j.append(a.ended(NOW.toString(), "succeeded"));
        assertTrue(j.unfinished("/s/1").isEmpty(), "the line that says how it ended closes it");
        assertTrue(!new JournalEntry(null, "a2", null, "/s/1", null, null, null, "failed: pending approval", null).pending(),
                "only an outcome that starts with pending leaves an attempt open");
    }

    @Test
    void unfinishedSeesWhatOthersAppendAndAReplacedJournal(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal mine = new Journal(file);
        Journal other = new Journal(file); // another run, appending to the same file
        assertTrue(mine.unfinished("/s/1").isEmpty(), "no journal yet");
        JournalEntry a = new JournalEntry(NOW.toString(), "a1", "oid", "/s/1", "old", "new", "plan", "started", "d");
        for (int i = 0; i < 2000; i++) { // more than one read buffer of other services' lines
            other.append(new JournalEntry(NOW.toString(), "n" + i, "oid", "/s/other-" + i, "old", null, "plan", "not-due", null));
        }
        other.append(a);
        assertEquals("a1", mine.unfinished("/s/1").orElseThrow().attempt());
        assertTrue(mine.unfinished("/s/other-7").isEmpty());

        // a line still being written counts once it is whole
        String end = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(a.ended(NOW.toString(), "succeeded"));
        Files.writeString(file, end.substring(0, 20), java.nio.file.StandardOpenOption.APPEND);
        assertEquals("a1", mine.unfinished("/s/1").orElseThrow().attempt());
        Files.writeString(file, end.substring(20) + "\n", java.nio.file.StandardOpenOption.APPEND);
        assertTrue(mine.unfinished("/s/1").isEmpty(), "ended by the other run");

        // replaced by hand (e.g. rotated away): read again from its start
        Path replacement = dir.resolve("new.jsonl");
        new Journal(replacement).append(a);
        Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("a1", mine.unfinished("/S/1").orElseThrow().attempt());
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
