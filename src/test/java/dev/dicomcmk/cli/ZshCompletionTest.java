package dev.dicomcmk.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * completions/_dicom-cmk is a real zsh completion: autoloaded from $fpath by compinit, it completes a subcommand in
 * an interactive zsh (driven through zsh's own pseudo-terminal module, zpty). Where zsh is installed.
 */
class ZshCompletionTest {

    @Test
    void completesASubcommandFromFpath(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")), "zsh");
        Path script = dir.resolve("complete.zsh");
        Files.writeString(script, String.join("\n",
                "zmodload zsh/zpty",
                "zpty z zsh -f -i",
                "zpty -w z \"fpath=(" + Path.of("completions").toAbsolutePath() + " \\$fpath); autoload -U compinit; "
                        + "compinit -u -d " + dir.resolve("zcompdump") + "; PS1='> '\"",
                "sleep 1",
                "zpty -w -n z \"dicom-cmk valid\"$'\\t'",
                "out=''",
                // a busy machine may take seconds to load the completion: read until it shows, 30 s at most
                "for i in {1..60}; do",
                "  while zpty -r -t z chunk; do out+=$chunk; done",
                "  [[ $out == *validate-key* ]] && break",
                "  sleep 0.5",
                "done",
                "print -r -- \"$out\"",
                "zpty -d z", ""));
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/zsh", "-f", script.toString());
        pb.environment().put("HOME", dir.toString());
        Path out = dir.resolve("out.txt");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "zsh timed out");
        String screen = Files.readString(out).replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]", "");
        assertTrue(screen.contains("dicom-cmk validate-key "), screen);
        assertTrue(!screen.contains("command not found: compopt"), screen);
    }
}
