package dev.dicomcmk.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * src/build/dist.sh refuses, before it builds anything, a release that could not be published as it is: a maintainer
 * address that reads no mail, or a bundled runtime other than the one docs/packaging.md names for releases.
 */
class DistScriptTest {

    private static final String REAL = "dicom-cmk maintainers <maintainers@dicom-cmk.org>";

    record Result(int exit, String out) {
    }

    private static Result dist(Path dir, String javaVersion, String maintainer, String release) throws Exception {
        Path jdk = Files.createDirectories(dir.resolve("jdk"));
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"" + javaVersion
                + "\"\n");
        Path target = Files.createDirectories(dir.resolve("target"));
        Process p = new ProcessBuilder(List.of("bash", Path.of("src/build/dist.sh").toAbsolutePath().toString(),
                Path.of("").toAbsolutePath().toString(), target.toString(), "0.1.0", jdk.toString(), "java.base",
                maintainer, "https://github.com/dicom-cmk/dicom-cmk", release)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    @Test
    void aReleaseRefusesAnAddressThatReadsNoMail(@TempDir Path dir) throws Exception {
        for (String address : List.of("dicom-cmk@users.noreply.github.com", "ops@example.com", "me@host.invalid",
                "root@localhost")) {
            Result r = dist(dir, "25.0.3", "dicom-cmk maintainers <" + address + ">", "true");
            assertEquals(2, r.exit(), r.out());
            assertEquals("dist: a release names a maintainer address that reads mail, not " + address
                    + " (-Ddist.maintainer=\"Name <address>\")\n", r.out());
        }
    }

    @Test
    void aReleaseRefusesAnotherRuntimeThanTheReleasesJava(@TempDir Path dir) throws Exception {
        Result r = dist(dir, "17.0.15", REAL, "true");
        assertEquals(2, r.exit(), r.out());
        assertEquals("dist: a release bundles Java 25 (docs/packaging.md), not Java 17 from " + dir.resolve("jdk")
                + " (-Ddist.java.home=<a JDK 25>)\n", r.out());
        // a JAVA_HOME without a release file is not taken for the release's runtime either
        Path noRelease = Files.createDirectories(dir.resolve("empty"));
        Process p = new ProcessBuilder(List.of("bash", Path.of("src/build/dist.sh").toAbsolutePath().toString(),
                Path.of("").toAbsolutePath().toString(), dir.resolve("target").toString(), "0.1.0", noRelease.toString(),
                "java.base", REAL, "https://github.com/dicom-cmk/dicom-cmk", "true")).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("not an unknown runtime from " + noRelease), out);
    }

    @Test
    void onlyAReleaseAsksForTheReleasesRuntimeAndARealAddress(@TempDir Path dir) throws Exception {
        // past the checks it goes on to build, and fails on the stand-in JDK, which has no jlink
        Result r = dist(dir, "17.0.15", "dicom-cmk maintainers <dicom-cmk@users.noreply.github.com>", "false");
        assertFalse(r.out().contains("dist: a release"), r.out());
        assertTrue(r.exit() != 0 && r.exit() != 2, r.exit() + ": " + r.out());
        Result release = dist(dir, "25.0.3", REAL, "true");
        assertFalse(release.out().contains("dist: a release"), release.out());
        assertTrue(release.exit() != 2, release.exit() + ": " + release.out());
    }
}
