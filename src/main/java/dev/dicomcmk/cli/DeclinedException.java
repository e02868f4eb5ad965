package dev.dicomcmk.cli;

/**
 * The person at the terminal answered no (or nothing) to "go ahead?": not a usage error, a decision.
 * Thrown before the first write, so nothing changed; exit 8.
 */
final class DeclinedException extends RuntimeException {

    DeclinedException() {
        super("declined; nothing changed (pass --yes to skip the question)");
    }
}
