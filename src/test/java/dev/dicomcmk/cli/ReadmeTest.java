package dev.dicomcmk.cli;

import dev.dicomcmk.requirements.Requirement;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
