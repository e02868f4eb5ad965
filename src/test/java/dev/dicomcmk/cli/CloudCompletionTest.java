package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The generated bash completion offers cloud names and profile files after --cloud. */
class CloudCompletionTest {

    @Test
    void cloudCompletesNamesAndFiles(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash");
        Files.writeString(dir.resolve("sovereign.json"), "{}");
        assertEquals(List.of("AzureCloud", "AzureChinaCloud", "AzureUSGovernment"),
                complete(dir, "dicom-cmk", "--cloud", "Azure"));
        assertEquals(List.of("AzureUSGovernment"), complete(dir, "dicom-cmk", "validate-key", "--cloud", "AzureUS"));
        assertEquals(List.of("sovereign.json"), complete(dir, "dicom-cmk", "validate-key", "--cloud", "sov"));
    }

    private static List<String> complete(Path dir, String... words) throws Exception {
        String script = "source '" + Path.of("completions/dicom-cmk.bash").toAbsolutePath() + "' 2>/dev/null\n"
                + "COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_dicom-cmk dicom-cmk " + words[words.length - 1] + " " + words[words.length - 2]
                + " 2>/dev/null\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
