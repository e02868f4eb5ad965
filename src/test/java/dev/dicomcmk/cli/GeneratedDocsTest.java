package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * man/, completions/ and the root's pre-rendered help (RootHelp's resources) are generated from the
 * command tree and committed. This test fails when they are stale; run `./mvnw test -Dtest=GeneratedDocsTest -Ddocs.update=true` to regenerate.
 */
class GeneratedDocsTest {

    private static final Path MAN = Path.of("man");
    private static final Path COMPLETIONS = Path.of("completions");
    private static final Path HELP = Path.of("src/main/resources/dev/dicomcmk/cli");

    static Map<Path, String> generate() {
        Map<Path, String> files = new LinkedHashMap<>();
        CommandLine root = Cli.commandTree();
        for (CommandLine cmd : tree(root)) {
            StringWriter adoc = new StringWriter();
            try (PrintWriter w = new PrintWriter(adoc)) {
                ManPageGenerator.writeSingleManPage(w, cmd.getCommandSpec());
            }
            String name = cmd.getCommandSpec().qualifiedName("-");
            files.put(MAN.resolve(name + ".adoc"), normalise(withOwnSections(adoc.toString(), name)));
        }
        // the root's help that RootHelp prints without picocli, exactly as picocli renders it
        files.put(HELP.resolve(RootHelp.PLAIN), Cli.renderRootHelp(false));
        files.put(HELP.resolve(RootHelp.COLOURED), Cli.renderRootHelp(true));
        String bash = AutoComplete.bash("dicom-cmk", root);
        files.put(COMPLETIONS.resolve("dicom-cmk.bash"), normalise(bash));
        files.put(COMPLETIONS.resolve("dicom-cmk.zsh"), """
                # zsh completion for dicom-cmk: the bash script through zsh's bashcompinit.
                # Generated with completions/dicom-cmk.bash; source this file from ~/.zshrc.
                autoload -U +X compinit && compinit
                autoload -U +X bashcompinit && bashcompinit
                source "${0:A:h}/dicom-cmk.bash"
                """);
        return files;
    }

    /** Adds what picocli does not make: EXIT STATUS as the exit codes' heading, ENVIRONMENT, FILES, EXAMPLES. */
    static String withOwnSections(String adoc, String name) {
        String exitHeading = "==  Exit codes:";
        String footer = "// tag::picocli-generated-man-section-footer[]";
        if (!adoc.contains(exitHeading) || !adoc.contains(footer)) {
            throw new IllegalStateException("picocli's man page for " + name + " changed shape: no exit codes or footer");
        }
        return adoc.replace(exitHeading, "== Exit status")
                .replace(footer, ManPageSections.render(name) + footer);
    }

    /** Every man-page example is a command line the real tree accepts. */
    @Test
    void manPageExamplesParse() {
        for (String[] args : ManPageSections.allExampleArgs()) {
            CommandLine cl = Cli.commandTree();
            try {
                cl.parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                fail("man-page example 'dicom-cmk " + String.join(" ", args) + "' does not parse: " + e.getMessage());
            }
        }
        for (CommandLine cmd : tree(Cli.commandTree())) {
            String name = cmd.getCommandSpec().qualifiedName("-");
            if (!ManPageSections.EXAMPLES.containsKey(name)) {
                fail("man page " + name + " has no EXAMPLES: add some to ManPageSections");
            }
        }
    }

    private static List<CommandLine> tree(CommandLine cmd) {
        List<CommandLine> all = new ArrayList<>();
        all.add(cmd);
        cmd.getSubcommands().values().stream().distinct().forEach(sub -> all.addAll(tree(sub)));
        return all;
    }

    /** Line endings and trailing blanks do not count as a change. */
    private static String normalise(String s) {
        return String.join("\n", s.replace("\r\n", "\n").lines().map(String::stripTrailing).toList()) + "\n";
    }

    @Test
    void manPagesAndCompletionsAreCurrent() throws IOException {
        Map<Path, String> expected = generate();
        if (Boolean.getBoolean("docs.update")) {
            for (Path dir : List.of(MAN, COMPLETIONS)) {
                Files.createDirectories(dir);
                try (Stream<Path> old = Files.list(dir)) {
                    for (Path p : old.filter(p -> p.toString().endsWith(".adoc") || p.getParent().equals(COMPLETIONS)).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(HELP);
            for (Map.Entry<Path, String> e : expected.entrySet()) {
                Files.writeString(e.getKey(), e.getValue(), StandardCharsets.UTF_8);
            }
            return;
        }
        List<String> stale = new ArrayList<>();
        for (Map.Entry<Path, String> e : expected.entrySet()) {
            if (!Files.exists(e.getKey()) || !Files.readString(e.getKey(), StandardCharsets.UTF_8).equals(e.getValue())) {
                stale.add(e.getKey().toString());
            }
        }
        try (Stream<Path> committed = Files.list(MAN)) {
            committed.filter(p -> p.toString().endsWith(".adoc")).filter(p -> !expected.containsKey(p))
                    .forEach(p -> stale.add(p + " (no such command any more)"));
        }
        if (!stale.isEmpty()) {
            fail("man/, completions/ or the root's pre-rendered help are stale: " + stale
                    + "; regenerate with ./mvnw test -Dtest=GeneratedDocsTest -Ddocs.update=true and commit");
        }
        assertEquals(List.of(), stale);
    }
}
