package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's install steps, run as written (less the clone and the build, which this build is) in a home of
 * the test's own: afterwards `man dicom-cmk` finds the rendered page, with its EXAMPLES and EXIT STATUS, and the
 * symlinked launcher runs.
 */
class ManInstallIT {

    /** The lines of the README's install block after the build: where the jar, the launcher and the pages go. */
    static List<String> installSteps() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int section = readme.indexOf("## Install");
        assertTrue(section >= 0, "README.md has no Install section");
        // the steps from source: the first shell block of the section that installs the man pages
        int open = section;
        while (!readme.get(open).equals("```sh") || !blockAt(readme, open).contains("cp man/*.1")) {
            open++;
        }
        List<String> steps = new ArrayList<>();
        for (int i = open + 1; !readme.get(i).equals("```"); i++) {
            String line = readme.get(i);
            if (!line.startsWith("git clone") && !line.startsWith("./mvnw")) {
                steps.add(line);
            }
        }
        return steps;
    }

    private static String blockAt(List<String> readme, int open) {
        StringBuilder block = new StringBuilder();
        for (int i = open + 1; i < readme.size() && !readme.get(i).equals("```"); i++) {
            block.append(readme.get(i)).append('\n');
        }
        return block.toString();
    }

    private static String sh(Path home, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", home.resolve(".local/bin") + ":/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("MANPAGER", "cat");
        pb.environment().put("MANWIDTH", "100");
        Path out = Files.createTempFile(home, "out", ".txt");
        Process p = pb.redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + script);
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), script + "\n" + text);
        return text;
    }

    @Test
    void theInstallStepsMakeManDicomCmkWork(@TempDir Path home) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/man")), "man(1) is not installed here");
        assertTrue(Files.exists(Path.of("man/dicom-cmk.1")), "the build renders man/*.1 before the integration tests");
        sh(home, String.join("\n", installSteps()));
        String where = sh(home, "man -w dicom-cmk");
        assertTrue(where.strip().startsWith(home.toString()), "man found another page: " + where);
        String page = sh(home, "man dicom-cmk-rotate-key");
        for (String section : List.of("SYNOPSIS", "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES")) {
            assertTrue(page.contains(section), "man dicom-cmk-rotate-key has no " + section + ":\n" + page);
        }
        assertTrue(sh(home, "dicom-cmk --version").startsWith("dicom-cmk "), "the symlinked launcher runs");
    }
}
