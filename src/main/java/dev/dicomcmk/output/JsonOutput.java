package dev.dicomcmk.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.dicomcmk.requirements.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The project's one JSON writer. Every {@code -o json} document is
 * {@code {"schemaVersion": 1, "command": ..., <body fields>, "exitCode": n}}, pretty-printed with
 * two-space indents and {@code \n} line ends, so the same input gives the same bytes on every
 * machine (golden files, diffs between cron runs).
 *
 * <p>Bodies are our own view records or maps, never SDK models. Record fields keep their
 * declaration order (or {@link JsonPropertyOrder}); map entries are sorted by key because a
 * {@code HashMap} or {@code Map.of} order can change between runs. Null fields are left out;
 * annotate a field {@code @JsonInclude(ALWAYS)} when its null means something. Instants are
 * ISO-8601 UTC strings, durations ISO-8601 ({@code PT90M}).
 */
public final class JsonOutput {
    public static final int SCHEMA_VERSION = 1;

    private static final Set<String> ENVELOPE_FIELDS = Set.of("schemaVersion", "command", "exitCode");
    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

    private JsonOutput() {
    }

    /** The {@code validate-key} style document: every report with its findings, then the exit code. */
    public static void writeReports(Writer out, String command, List<Report> reports, int exitCode) {
        write(out, command, new ReportsBody(reports.stream().map(ReportView::of).toList()), exitCode);
    }

    /** A schemaVersion-1 document whose fields after {@code command} are the body's (a record or a map). */
    public static void write(Writer out, String command, Object body) {
        writeTree(out, envelope(command, body));
    }

    /** As {@link #write(Writer, String, Object)}, ending with {@code "exitCode"}. */
    public static void write(Writer out, String command, Object body, int exitCode) {
        ObjectNode document = envelope(command, body);
        document.put("exitCode", exitCode);
        writeTree(out, document);
    }

    /** For writers of other JSON formats in this package (SARIF): same printer, same escaping. */
    static void writeTree(Writer out, JsonNode document) {
        try {
            WRITER.writeValue(out, document);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectNode envelope(String command, Object body) {
        JsonNode fields = MAPPER.valueToTree(body);
        if (!(fields instanceof ObjectNode bodyObject)) {
            throw new IllegalArgumentException("a JSON body must be a record or a map, not " + body.getClass().getName());
        }
        for (String reserved : ENVELOPE_FIELDS) {
            if (bodyObject.has(reserved)) {
                throw new IllegalArgumentException("the body must not set the envelope field " + reserved);
            }
        }
        ObjectNode document = MAPPER.createObjectNode();
        document.put("schemaVersion", SCHEMA_VERSION);
        document.put("command", command);
        document.setAll(bodyObject);
        return document;
    }

    private static ObjectMapper newMapper() {
        SimpleModule time = new SimpleModule("dicom-cmk-time");
        time.addSerializer(Instant.class, new ToStringSerializer<>(Instant.class, DateTimeFormatter.ISO_INSTANT::format));
        time.addSerializer(Duration.class, new ToStringSerializer<>(Duration.class, Duration::toString));
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(time);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        mapper.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        // the caller owns the writer (stdout, a file): we flush it, never close it
        mapper.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        mapper.getFactory().setCharacterEscapes(new NoRawControls());
        return mapper;
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indent).withArrayIndenter(indent);
    }

    private record ReportsBody(List<ReportView> reports) {
    }

    /** Writes a value as one JSON string made by {@code format}. */
    private static final class ToStringSerializer<T> extends StdSerializer<T> {
        private final transient Function<T, String> format;

        ToStringSerializer(Class<T> type, Function<T, String> format) {
            super(type);
            this.format = format;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format.apply(value));
        }
    }

    /**
     * JSON already escapes C0 controls; this also escapes DEL, C1 controls and the Unicode line
     * separators, so {@code jq .} on a terminal never receives a raw control from Azure data.
     * The decoded strings are unchanged.
     */
    private static final class NoRawControls extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        NoRawControls() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            boolean control = (ch >= 0x80 && ch <= 0x9f) || ch == 0x2028 || ch == 0x2029;
            return control ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }
}
