package dev.dicomcmk.cli;

import java.io.IOException;

/**
 * Before a command writes: when standard input is a terminal and --yes is absent, ask (on stderr, so
 * a piped or redirected stdout neither hides the question nor swallows it); when nobody can answer
 * (cron, CI: stdin is not a terminal) never ask — the command line is the consent there. The command
 * shows what will change (the plan, ARM's what-if, the list of services) before it asks.
 */
final class Confirmation {

    private Confirmation() {
    }

    /** Returns normally to go ahead; throws {@link DeclinedException} (exit 8) when the person at the terminal says no. */
    static void confirm(DicomCmkCommand root, String question) {
        confirm(root, java.util.List.of(), question);
    }

    /**
     * As above, showing {@code preview} (what will change: ARM's what-if, the services of a fleet) on stderr
     * first, when it asks: the person answers knowing what they agree to, and stdout keeps only the result.
     */
    static void confirm(DicomCmkCommand root, java.util.List<String> preview, String question) {
        CliEnvironment env = root.environment();
        if (!asks(root)) {
            return;
        }
        preview.forEach(line -> env.err().println(line));
        env.err().print(question + " [y/N] ");
        env.err().flush();
        String answer;
        try {
            answer = env.in().readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).matches("y|yes")) {
            throw new DeclinedException();
        }
    }

    /** Whether a write would ask first: stdin is a terminal and --yes is absent. */
    static boolean asks(DicomCmkCommand root) {
        return !root.global().yes() && root.environment().interactive();
    }
}
