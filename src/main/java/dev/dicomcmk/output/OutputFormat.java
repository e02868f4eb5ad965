package dev.dicomcmk.output;

/** What {@code -o/--output} selects for stdout: a table for people, one JSON document for scripts. */
public enum OutputFormat {
    TABLE, JSON
}
