package dev.dicomcmk.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** src/build/build-info.sh: the commit for --version, "unknown" from a source tarball, never a parent repo's. */
class BuildInfoScriptTest {

    private static String commitOf(Path basedir, Path out) throws Exception {
        Process p = new ProcessBuilder("bash", Path.of("src/build/build-info.sh").toAbsolutePath().toString(),
                basedir.toString(), out.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        String line = Files.readString(out).strip();
        assertTrue(line.startsWith("git.commit="), line);
        return line.substring("git.commit=".length());
    }

    @Test
    void aSourceTarballSaysUnknownEvenInsideAnotherRepository(@TempDir Path dir) throws Exception {
        Path unpacked = Files.createDirectories(dir.resolve("dicom-cmk-0.1.0"));
        assertEquals("unknown", commitOf(unpacked, dir.resolve("a.properties")));
        Process init = new ProcessBuilder("git", "init", "-q", dir.toString()).start();
        assertTrue(init.waitFor(30, TimeUnit.SECONDS));
        assertEquals("unknown", commitOf(unpacked, dir.resolve("b.properties")),
                "a tarball unpacked in some other work tree does not take its commit");
    }

    @Test
    void aCheckoutSaysItsCommit(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of(".git")), "built from a git checkout");
        String commit = commitOf(Path.of("").toAbsolutePath(), dir.resolve("c.properties"));
        assertTrue(commit.matches("[0-9a-f]{12}(\\+dirty)?"), commit);
    }
}
