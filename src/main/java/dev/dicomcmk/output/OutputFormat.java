package dev.dicomcmk.output;

/**
 * What {@code -o/--output} selects for stdout: a table for people, one JSON document for scripts,
 * Markdown tables for a CI job summary (validate-key only).
 */
public enum OutputFormat {
    TABLE, JSON, MARKDOWN
}
