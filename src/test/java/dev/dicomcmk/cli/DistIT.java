package dev.dicomcmk.cli;

import dev.dicomcmk.testing.FileWrites;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages `./mvnw -Pdist verify` builds (src/build/dist.sh), unpacked as a user or dpkg would, run with HOME an
 * empty folder and a JAVA_HOME that names nothing: the bundled runtime runs, the start-up archive made at package
 * time is mapped where the package landed, and nothing is written to HOME. Only with -Pdist (pom.xml).
 */
class DistIT {

    private static final Path DIST = Path.of("target/dist").toAbsolutePath();

    @Test
    void theTarballRunsWhereverItIsUnpacked(@TempDir Path dir) throws Exception {
        Path tarball = DIST.resolve("dicom-cmk-" + Version.VERSION + "-linux-x64.tar.gz");
        assertTrue(Files.isRegularFile(tarball), "built by ./mvnw -Pdist package: " + tarball);
        Path where = Files.createDirectories(dir.resolve("opt"));
        exec(List.of("tar", "-xzf", tarball.toString(), "-C", where.toString()), Map.of());
        Path root = where.resolve("dicom-cmk-" + Version.VERSION);
        for (String f : List.of("LICENSE", "NOTICE", "SECURITY.md", "man/man1/dicom-cmk.1", "completions/_dicom-cmk",
                "completions/dicom-cmk.bash", "runtime/legal/java.base", "lib/dicom-cmk.archive")) {
            assertTrue(Files.exists(root.resolve(f)), f);
        }
        // bash straight away, not through env (a process less on every run)
        assertEquals("#!/bin/bash", Files.readAllLines(root.resolve("bin/dicom-cmk")).get(0));
        runsWritingNothingToHome(root.resolve("bin/dicom-cmk"), root, dir);
    }

    @Test
    void theDebInstallsTheDebianWay(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "dpkg-deb");
        Path deb = DIST.resolve("dicom-cmk_" + Version.VERSION + "_amd64.deb");
        assertTrue(Files.isRegularFile(deb), "built by ./mvnw -Pdist package: " + deb);
        assertEquals("Package: dicom-cmk\nVersion: " + Version.VERSION + "\nArchitecture: amd64\n",
                exec(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Version", "Architecture"), Map.of()));
        Path root = Files.createDirectories(dir.resolve("root"));
        exec(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), Map.of());
        Path bin = root.resolve("usr/bin/dicom-cmk");
        assertTrue(Files.isSymbolicLink(bin), "/usr/bin/dicom-cmk links into /usr/lib/dicom-cmk");
        for (String f : List.of("usr/share/man/man1/dicom-cmk.1.gz", "usr/share/man/man1/dicom-cmk-rotate-key.1.gz",
                "usr/share/bash-completion/completions/dicom-cmk", "usr/share/doc/dicom-cmk/copyright",
                "usr/lib/dicom-cmk/runtime/bin/java", "usr/lib/dicom-cmk/lib/dicom-cmk.archive")) {
            assertTrue(Files.exists(root.resolve(f)), f);
        }
        String zsh = Files.readString(root.resolve("usr/share/zsh/vendor-completions/_dicom-cmk"));
        assertTrue(zsh.startsWith("#compdef dicom-cmk\n"), "a real #compdef file");
        theMaintainerIsOneIdentity(deb, root);
        runsWritingNothingToHome(bin, root.resolve("usr/lib/dicom-cmk"), dir);
        // lintian takes ~45 s here: only when asked (-Ddist.lintian=true, pom.xml), and where Debian's lintian is installed
        if (Boolean.getBoolean("dist.lintian")) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/lintian")), "apt-get install lintian");
            String report = exec(List.of("lintian", "--allow-root", "--tag-display-limit", "0", deb.toString()), Map.of(),
                    true);
            assertTrue(report.lines().noneMatch(l -> l.startsWith("E: ")), report);
        }
    }

    /**
     * dist.maintainer and dist.homepage (pom.xml, or as the build was given them), said once, are what the .deb
     * names everywhere: the control file's Maintainer and Homepage, debian/copyright's Upstream-Contact and Source,
     * the changelog's signature.
     */
    private static void theMaintainerIsOneIdentity(Path deb, Path root) throws Exception {
        String maintainer = System.getProperty("dist.maintainer", "");
        String homepage = System.getProperty("dist.homepage", "");
        assertTrue(maintainer.matches("[^<>]+ <[^@<> ]+@[^@<> ]+>"), maintainer);
        assertEquals(maintainer + "\n" + homepage + "\n",
                exec(List.of("dpkg-deb", "-f", deb.toString(), "Maintainer", "Homepage"), Map.of())
                        .replaceAll("(?m)^[A-Za-z-]+: ", ""));
        List<String> copyright = Files.readAllLines(root.resolve("usr/share/doc/dicom-cmk/copyright"));
        assertTrue(copyright.contains("Upstream-Contact: " + maintainer), copyright.toString());
        assertTrue(copyright.contains("Source: " + homepage), copyright.toString());
        String changelog = exec(List.of("gzip", "-dc", root.resolve("usr/share/doc/dicom-cmk/changelog.gz").toString()),
                Map.of());
        assertTrue(changelog.contains("\n -- " + maintainer + "  "), changelog);
    }

    private static void runsWritingNothingToHome(Path tool, Path installedAt, Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        // the bundled runtime, whatever the environment names
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(), "JAVA_HOME", "/nonexistent"));
        String version = exec(List.of(tool.toString(), "--version"), env);
        assertTrue(version.startsWith("dicom-cmk " + Version.VERSION + " (commit "), version);
        String verbose = exec(List.of(tool.toString(), "--version", "-v"), env);
        Path runtime = installedAt.toRealPath().resolve("runtime");
        assertTrue(verbose.contains("Runtime: " + runtime + "\n"), verbose);
        String archive = "Start-up archive: " + installedAt.toRealPath().resolve("lib/dicom-cmk.");
        assertTrue(verbose.lines().anyMatch(l -> l.startsWith(archive) && l.endsWith(" (mapped)")), verbose);
        assertTrue(exec(List.of(tool.toString(), "--help"), env).contains("Usage: dicom-cmk"));
        // the JVM fails rather than run without the archive (made elsewhere, at package time): -Xshare:on for a CDS
        // archive (JDK 17-23), -XX:AOTMode=on for an AOT cache (JDK 24+, which takes no -Xshare beside it)
        String file = Files.readAllLines(installedAt.resolve("lib/dicom-cmk.archive")).stream()
                .filter(l -> l.startsWith("file=")).findFirst().orElseThrow().substring("file=".length());
        assertTrue(file.equals("dicom-cmk.jsa") || file.equals("dicom-cmk.aot"), file);
        assertTrue(verbose.contains(archive + file.substring("dicom-cmk.".length()) + " (mapped)"), verbose);
        Map<String, String> strict = new HashMap<>(env);
        strict.put("DICOM_CMK_JAVA_OPTS", file.endsWith(".aot") ? "-XX:AOTMode=on" : "-Xshare:on");
        String ok = exec(List.of(tool.toString(), "--sandbox", "healthy", "validate-key", "--service",
                "demo-ws/demo-dicom", "-g", "demo-rg", "-q"), strict);
        assertTrue(ok.startsWith("OK "), ok);
        try (var left = Files.list(home)) {
            assertEquals(List.of(), left.toList(), "nothing written to HOME");
        }
        // nor anywhere else but the state directory (the JVM's own files included), where strace can tell
        if (FileWrites.traceable()) {
            FileWrites.assertWritesOnlyItsState(tool, dir, env);
        }
    }

    private static String exec(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        return exec(cmd, env, false);
    }

    private static String exec(List<String> cmd, Map<String, String> env, boolean anyExit)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd));
        pb.environment().keySet().removeIf(k -> k.startsWith("XDG_") || k.startsWith("DICOM_CMK_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("dist-out", ".txt");
        Path err = Files.createTempFile("dist-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        Files.delete(out);
        Files.delete(err);
        if (!anyExit) {
            assertEquals(0, p.exitValue(), cmd + ": " + stdout + stderr);
            assertEquals("", stderr, cmd + ": nothing on stderr");
        }
        return stdout + (anyExit ? stderr : "");
    }
}
