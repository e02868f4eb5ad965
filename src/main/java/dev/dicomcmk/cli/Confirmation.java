package dev.dicomcmk.cli;

import dev.dicomcmk.model.InvalidInputException;

import java.io.IOException;

/**
 * Before a command writes: on a terminal without --yes, ask; without a terminal (cron, CI) never
 * ask — the command line is the consent there.
 */
final class Confirmation {

    private Confirmation() {
    }

    /** Returns normally to go ahead; throws when the person at the terminal says no. */
    static void confirm(DicomCmkCommand root, String question) {
        CliEnvironment env = root.environment();
        if (root.global().yes() || !env.interactive()) {
            return;
        }
        env.err().print(question + " [y/N] ");
        env.err().flush();
        String answer;
        try {
            answer = env.in().readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).matches("y|yes")) {
            throw new InvalidInputException("nothing changed: not confirmed (pass --yes to skip the question)");
        }
    }
}
