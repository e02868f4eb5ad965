package dev.dicomcmk.advice;

import java.util.ArrayList;
import java.util.List;

/**
 * Advice as text: what to do, then the command that does it. A command always ends its text or a clause that a
 * ';' closes, so nothing of the sentence (a full stop, a parenthesis, more words) is pasted with it.
 */
public final class Advice {

    private Advice() {
    }

    /** One step: what it does and the command that does it. */
    public record Step(String what, SuggestedCommand command) {
        @Override
        public String toString() {
            return what + ": " + command;
        }
    }

    public static Step step(String what, SuggestedCommand command) {
        return new Step(what, command);
    }

    /** "{@code what}: {@code command}". */
    public static String run(String what, SuggestedCommand command) {
        return step(what, command).toString();
    }

    /** Steps in one line: "what: command; then what: command" (each step's text says how it follows the last). */
    public static String steps(Step... steps) {
        List<String> parts = new ArrayList<>();
        for (Step s : steps) {
            parts.add(s.toString());
        }
        return String.join("; ", parts);
    }
}
