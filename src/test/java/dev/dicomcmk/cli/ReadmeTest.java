package dev.dicomcmk.cli;

import dev.dicomcmk.requirements.Requirement;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md stays true to the command tree: every subcommand, requirement ID and exit code is there. */
class ReadmeTest {

    @Test
    void readmeNamesEverySubcommandRequirementAndExitCode() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (CommandLine sub : Cli.commandTree().getSubcommands().values()) {
            assertTrue(readme.contains("## " + sub.getCommandName()), "README lacks a section for " + sub.getCommandName());
        }
        for (Requirement r : Requirement.values()) {
            assertTrue(readme.contains("`" + r.id() + "`"), "README lacks requirement " + r.id());
        }
        for (ExitCode c : ExitCode.values()) {
            assertTrue(readme.contains("| " + c.code() + " |"), "README lacks exit code " + c.code());
        }
        String ci = Files.readString(Path.of(".ci/run"));
        assertTrue(readme.contains("```sh\n./mvnw -B verify\n```") && ci.contains("\n./mvnw -B verify\n"),
                ".ci/run must run the README's test command");
    }

    /** The documents a clone has: every relative link resolves in the clone, none points outside it. */
    @Test
    void documentsLinkOnlyToFilesOfTheClone() throws Exception {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        for (Path doc : ReadmeExamplesTest.documents()) {
            String text = Files.readString(doc);
            Matcher m = link.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;   // a public URL
                }
                Path resolved = doc.toAbsolutePath().getParent().resolve(target).normalize();
                if (!resolved.startsWith(Path.of("").toAbsolutePath()) || !Files.exists(resolved)) {
                    broken.add(doc + " -> " + target);
                }
            }
            for (String outside : List.of("../shared", "/work/", "/home/", "/Users/")) {
                if (text.contains(outside)) {
                    broken.add(doc + " names a path outside the clone: " + outside);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** The README is for users and stays short; depth lives in docs/. */
    @Test
    void readmeStaysShort() throws Exception {
        long lines = Files.readAllLines(Path.of("README.md")).size();
        assertTrue(lines <= 450, "README.md has " + lines + " lines; move depth into docs/ (aim at ~400)");
    }
}
