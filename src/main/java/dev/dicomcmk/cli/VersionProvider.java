package dev.dicomcmk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** --version for picocli: the text of {@link Version}, with -v where the runtime is and the start-up archive. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        String[] lines = Version.template();
        if (!verbose()) {
            return lines;
        }
        String[] more = Version.verboseLines();
        String[] all = java.util.Arrays.copyOf(lines, lines.length + more.length);
        System.arraycopy(more, 0, all, lines.length, more.length);
        // picocli would read "${...}" in a path as a variable: escaped, these lines print as they are
        for (int i = lines.length; i < all.length; i++) {
            all[i] = all[i].replace("${", "$${");
        }
        return all;
    }

    /** -v/--verbose anywhere on the command line (the option is inherited by every subcommand). */
    private boolean verbose() {
        if (spec == null || spec.root().commandLine() == null) {
            return false;
        }
        CommandLine.ParseResult parsed = spec.root().commandLine().getParseResult();
        while (parsed != null) {
            if (parsed.hasMatchedOption("--verbose")) {
                return true;
            }
            parsed = parsed.hasSubcommand() ? parsed.subcommand() : null;
        }
        return false;
    }
}
