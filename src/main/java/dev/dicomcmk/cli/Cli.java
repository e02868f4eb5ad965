package dev.dicomcmk.cli;

import dev.dicomcmk.requirements.Requirement;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/** Builds the real command tree; Main and the tests run the same one. */
public final class Cli {

    /**
     * The root's subcommands, in the order help lists them. They are registered here rather than in the root's
     * {@code @Command(subcommands = ...)}: picocli builds an annotated subcommand's whole model (every option, by
     * reflection) with its parent, which was most of a `--help` run. {@link #run} builds the model of only the
     * subcommands its arguments name; the others get a stand-in with the name and header of their {@code @Command}
     * annotation, which is all the root's help and its "did you mean" suggestions read.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(ValidateKeyCommand.class, RotateKeyCommand.class,
            EnableIdentityCommand.class, UpdateViaArmCommand.class, DiagnoseCommand.class, SandboxCommand.class);

    private Cli() {
    }

    /** The whole command line with its streams, handlers and settings; the environment is attached to the root. */
    public static CommandLine commandLine(CliEnvironment environment) {
        return commandLine(environment, null);
    }

    /**
     * The command line for these arguments: every subcommand they may name is built in full, the others are
     * stand-ins (see {@link #SUBCOMMANDS}); null arguments build the whole tree.
     */
    static CommandLine commandLine(CliEnvironment environment, String[] args) {
        DicomCmkCommand root = new DicomCmkCommand();
        root.environment(environment);
        CommandLine cl = new CommandLine(root);
        for (Class<?> type : SUBCOMMANDS) {
            Command annotation = type.getAnnotation(Command.class);
            cl.addSubcommand(args == null || mayName(args, annotation) ? full(type) : standIn(annotation));
        }
        hideGlobalOptionsThatDoNotApply(cl);
        ErrorHandlers handlers = new ErrorHandlers(root);
        cl.setSubcommandsCaseInsensitive(true)
                .setAbbreviatedOptionsAllowed(false)
                .setOut(environment.out())
                .setErr(environment.err())
                .setParameterExceptionHandler(handlers)
                .setExecutionExceptionHandler(handlers)
                .setExecutionStrategy(parseResult -> {
                    requireFormatSupported(root, parseResult);
                    return new CommandLine.RunLast().execute(parseResult);
                });
        applyExitCodeList(cl);
        return cl;
    }

    /**
     * The global options a command has no use for, by command path. `sandbox start` is the Azure the other
     * commands talk to: it signs in nowhere and has no deadline or output format. They still parse (a
     * global option may come anywhere on the line), but its help and synopsis do not offer them.
     */
    private static final java.util.Map<List<String>, java.util.Set<String>> GLOBALS_NOT_APPLYING = java.util.Map.of(
            List.of("sandbox", "start"), java.util.Set.of("--cloud", "--subscription", "--tenant", "--auth",
                    "--timeout", "--sandbox", "--yes", "--output", "--verbose"));

    private static void hideGlobalOptionsThatDoNotApply(CommandLine root) {
        GLOBALS_NOT_APPLYING.forEach((path, names) -> {
            CommandLine command = root;
            for (String name : path) {
                command = command == null ? null : command.getSubcommands().get(name);
            }
            if (command == null) {
                return; // a stand-in: this run does not build that command
            }
            CommandSpec spec = command.getCommandSpec();
            for (CommandLine.Model.OptionSpec option : List.copyOf(spec.options())) {
                if (option.inherited() && names.contains(option.longestName())) {
                    spec.remove(option);
                    spec.addOption(option.toBuilder().hidden(true).build());
                }
            }
        });
    }

    /** The commands that can write -o markdown: the ones that print requirement reports. */
    private static final java.util.Set<String> MARKDOWN_COMMANDS = java.util.Set.of("validate-key");

    /**
     * -o markdown is for the report tables of validate-key; any other command would have to fall back to a
     * table silently, which a CI job writing its summary would not notice. Help requests pass.
     */
    private static void requireFormatSupported(DicomCmkCommand root, CommandLine.ParseResult parsed) {
        if (root.global() == null || root.global().output() != dev.dicomcmk.output.OutputFormat.MARKDOWN) {
            return;
        }
        CommandLine.ParseResult last = parsed;
        boolean help = parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested();
        while (last.hasSubcommand()) {
            last = last.subcommand();
            help |= last.isUsageHelpRequested() || last.isVersionHelpRequested();
        }
        String name = last.commandSpec().name();
        if (!help && !MARKDOWN_COMMANDS.contains(name)) {
            throw new CommandLine.ParameterException(last.commandSpec().commandLine(),
                    "-o markdown is only for validate-key; use -o table or -o json with " + name);
        }
    }

    /** For the man-page and completion generators: the tree without a live environment. */
    public static CommandLine commandTree() {
        return commandLine(new CliEnvironment(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), java.util.Map.of(), false,
                java.time.Clock.systemUTC()));
    }

    /** Runs one command line and returns its exit code; closes any Azure session or sandbox it opened. */
    public static int run(String[] args, CliEnvironment environment) {
        TerminalLine line = null;
        if (environment.errTerminal()) {
            // every write to stdout and stderr erases the status line first (see TerminalLine)
            line = new TerminalLine(environment.err());
            environment = new CliEnvironment(line.wrap(environment.out(), false), line.wrap(environment.err(), true),
                    environment.env(), environment.interactive(), environment.clock(), environment.in(), true);
        }
        CommandLine cl = commandLine(environment, args);
        ((DicomCmkCommand) cl.getCommand()).terminalLine(line);
        try {
            if (noColor(environment)) {
                cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
            }
            return cl.execute(args);
        } finally {
            ((DicomCmkCommand) cl.getCommand()).closeProgress();
            ((DicomCmkCommand) cl.getCommand()).closeAzure();
            environment.out().flush();
            environment.err().flush();
        }
    }

    /**
     * The root's help as `dicom-cmk --help` prints it, coloured or not: what {@link RootHelp} serves without
     * picocli, and what GeneratedDocsTest keeps its resources equal to.
     */
    static String renderRootHelp(boolean colour) {
        java.io.StringWriter text = new java.io.StringWriter();
        try (java.io.PrintWriter out = new java.io.PrintWriter(text)) {
            commandTree().usage(out, CommandLine.Help.defaultColorScheme(
                    colour ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        }
        return text.toString();
    }

    static boolean noColor(CliEnvironment environment) {
        return environment.getenv("NO_COLOR") != null;
    }

    /**
     * Whether picocli could take one of these arguments for this subcommand: its name or an alias, in any case
     * (subcommand names are case-insensitive), or an argument file (@FILE), which may hold anything.
     */
    private static boolean mayName(String[] args, Command subcommand) {
        for (String arg : args) {
            if (arg.startsWith("@") || arg.equalsIgnoreCase(subcommand.name())) {
                return true;
            }
            for (String alias : subcommand.aliases()) {
                if (arg.equalsIgnoreCase(alias)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static CommandLine full(Class<?> type) {
        CommandLine sub = new CommandLine(type);
        if (type == ValidateKeyCommand.class) {
            sub.getCommandSpec().usageMessage()
                    .footerHeading("%nRequirements (stable IDs; each finding is PASS, WARN, FAIL or SKIP with its reason):%n")
                    .footer(requirementList());
        }
        return sub;
    }

    /** What the root's help and suggestions read of a subcommand that this run does not name. */
    private static CommandLine standIn(Command annotation) {
        CommandSpec spec = CommandSpec.create().name(annotation.name()).aliases(annotation.aliases());
        spec.usageMessage().header(annotation.header()).description(annotation.description())
                .hidden(annotation.hidden());
        return new CommandLine(spec);
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
