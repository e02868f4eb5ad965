package dev.dicomcmk.cli;

import dev.dicomcmk.requirements.Requirement;
import picocli.CommandLine;

/** Builds the real command tree; Main and the tests run the same one. */
public final class Cli {

    private Cli() {
    }

    /** The command line with its streams, handlers and settings; the environment is attached to the root. */
    public static CommandLine commandLine(CliEnvironment environment) {
        DicomCmkCommand root = new DicomCmkCommand();
        root.environment(environment);
        CommandLine cl = new CommandLine(root);
        ErrorHandlers handlers = new ErrorHandlers(root);
        cl.setSubcommandsCaseInsensitive(true)
                .setAbbreviatedOptionsAllowed(false)
                .setOut(environment.out())
                .setErr(environment.err())
                .setParameterExceptionHandler(handlers)
                .setExecutionExceptionHandler(handlers);
        applyExitCodeList(cl);
        cl.getSubcommands().get("validate-key").getCommandSpec().usageMessage()
                .footerHeading("%nRequirements (stable IDs; each finding is PASS, WARN, FAIL or SKIP with its reason):%n")
                .footer(requirementList());
        return cl;
    }

    /** For the man-page and completion generators: the tree without a live environment. */
    public static CommandLine commandTree() {
        return commandLine(new CliEnvironment(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), java.util.Map.of(), false,
                java.time.Clock.systemUTC()));
    }

    /** Runs one command line and returns its exit code; closes any Azure session or sandbox it opened. */
    public static int run(String[] args, CliEnvironment environment) {
        CommandLine cl = commandLine(environment);
        try {
            if (noColor(environment)) {
                cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
            }
            return cl.execute(args);
        } finally {
            ((DicomCmkCommand) cl.getCommand()).closeAzure();
            environment.out().flush();
            environment.err().flush();
        }
    }

    static boolean noColor(CliEnvironment environment) {
        return environment.getenv("NO_COLOR") != null;
    }

    private static String[] requirementList() {
        Requirement[] all = Requirement.values();
        int width = java.util.Arrays.stream(all).mapToInt(r -> r.id().length()).max().orElse(0);
        String[] lines = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            lines[i] = String.format("  %-" + width + "s  %s", all[i].id(), all[i].title());
        }
        return lines;
    }

    private static void applyExitCodeList(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
        for (CommandLine sub : cl.getSubcommands().values()) {
            applyExitCodeList(sub);
        }
    }
}
