package dev.dicomcmk.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** FileWrites reads strace -f -y lines: a write is told from a read by its flags, and every path made absolute. */
class FileWritesTest {

    private static final Path CWD = Path.of("/start");

    @Test
    void anOpenWritesOnlyWithAWritingFlag() {
        assertEquals(List.of(), FileWrites.writes(
                "41 openat(AT_FDCWD</start>, \"/etc/hosts\", O_RDONLY|O_CLOEXEC) = 3</etc/hosts>", CWD));
        assertEquals(List.of("/tmp/x/rel"), FileWrites.writes(
                "41 openat(AT_FDCWD</tmp/x>, \"rel\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</tmp/x/rel>", CWD));
        assertEquals(List.of("/dev/tty"), FileWrites.writes(
                "41  openat(AT_FDCWD</start>, \"/dev/tty\", O_RDWR|O_NONBLOCK) = -1 ENXIO (No such device)", CWD));
        assertEquals(List.of("/s/journal.jsonl"), FileWrites.writes(
                "7 openat(AT_FDCWD</start>, \"/s/journal.jsonl\", O_WRONLY|O_APPEND <unfinished ...>", CWD));
        // a read whose result names a file with a flag's name in it is still a read
        assertEquals(List.of(), FileWrites.writes(
                "7 openat(12</d>, \"O_CREAT\", O_RDONLY) = 3</d/O_CREAT>", CWD));
    }

    @Test
    void everyPathIsMadeAbsolute() {
        // relative to a decoded folder, to the starting folder (mkdir has no folder argument), or unknown
        assertEquals(List.of("/tmp/hsperfdata_u/99"), FileWrites.writes(
                "99 openat(AT_FDCWD</tmp/hsperfdata_u>, \"99\", O_RDWR|O_CREAT|O_NOFOLLOW|O_CLOEXEC, 0600) = 6", CWD));
        assertEquals(List.of("/start/made"), FileWrites.writes("5 mkdir(\"made\", 0755) = 0", CWD));
        assertEquals(List.of("/d/f"), FileWrites.writes("5 unlinkat(4</d>, \"f\", 0) = 0", CWD));
        assertEquals(List.of("/tmp/hsperfdata_u"), FileWrites.writes(
                "5 mkdir(\"/tmp/hsperfdata_u\", 0755) = -1 EEXIST (File exists)", CWD));
    }

    @Test
    void aRenameOrLinkWritesBothNamesAndASymlinkItsOwn() {
        assertEquals(List.of("/s/.j.tmp", "/s/j"), FileWrites.writes(
                "5 renameat2(AT_FDCWD</start>, \"/s/.j.tmp\", AT_FDCWD</start>, \"/s/j\", RENAME_NOREPLACE) = 0", CWD));
        assertEquals(List.of("/start/a", "/start/b"), FileWrites.writes("5 rename(\"a\", \"b\") = 0", CWD));
        assertEquals(List.of("/home/u/link"), FileWrites.writes(
                "5 symlinkat(\"/anywhere\", AT_FDCWD</home/u>, \"link\") = 0", CWD));
    }

    @Test
    void linesWithoutAPathAreNoWrites() {
        assertEquals(List.of(), FileWrites.writes("5 <... openat resumed>) = 3", CWD));
        assertEquals(List.of(), FileWrites.writes("5 +++ exited with 0 +++", CWD));
    }
}
