package dev.dicomcmk.cli;

import dev.dicomcmk.output.OutputFormat;
import picocli.CommandLine;

import java.util.Iterator;
import java.util.List;

/** -o table|json|markdown, case-insensitive. */
final class OutputFormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "table" -> OutputFormat.TABLE;
            case "json" -> OutputFormat.JSON;
            case "markdown", "md" -> OutputFormat.MARKDOWN;
            default -> throw new CommandLine.TypeConversionException("'" + dev.dicomcmk.model.Text.shorten(value)
                    + "' is not an output format; use table, json or markdown");
        };
    }

    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("table", "json", "markdown").iterator();
        }
    }
}
