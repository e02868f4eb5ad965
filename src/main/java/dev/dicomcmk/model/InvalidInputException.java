package dev.dicomcmk.model;

/**
 * Bad input from the user (a flag, a file, a URL): the CLI prints the message on one line and
 * exits 2. The message names the problem and, where it can, the fix.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
