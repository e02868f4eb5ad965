package dev.dicomcmk.rotation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The append-only JSON-lines journal of rotation attempts. Each line goes out in one write() on a
 * file opened with O_APPEND and is fsynced before the caller goes on, so concurrent runs never
 * interleave and a crash leaves whole lines only (a reader still skips a line it cannot parse, in
 * case the file was edited by hand). The file is created owner-only: it names services and keys.
 */
public final class Journal {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<?> OWNER_ONLY_DIR = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------"));

    private final Path file;

    public Journal(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void append(JournalEntry entry) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a journal line: " + e.getMessage(), e);
        }
        try {
            createParent(file);
            try (FileChannel ch = posix()
                    ? FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE), OWNER_ONLY)
                    : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                // a regular file takes the whole buffer in one write(2); the loop only guards against the exotic
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file + ": " + e.getMessage()
                    + " (pass --journal FILE to write elsewhere)", e);
        }
    }

    /** Every readable entry, oldest first. */
    public List<JournalEntry> entries() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JournalEntry> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(JSON.readValue(line, JournalEntry.class));
                } catch (IOException unreadable) {
                    // a hand-edited or foreign line: history shows what it can
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The entries about one service (its ARM id, compared case-insensitively), oldest first. */
    public List<JournalEntry> history(String serviceId) {
        return entries().stream().filter(e -> serviceId.equalsIgnoreCase(e.service())).toList();
    }

    /**
     * The service's newest attempt that started and has not ended: one that never recorded an end (a
     * crash), or whose latest line is pending (its deployment went on in Azure past --timeout). Answers
     * that attempt's latest line, its "started" or its "pending: …" one.
     */
    public Optional<JournalEntry> unfinished(String serviceId) {
        List<JournalEntry> h = history(serviceId);
        Map<String, JournalEntry> latest = new HashMap<>();
        for (JournalEntry e : h) {
            if (e.attempt() != null) {
                latest.put(e.attempt(), e);
            }
        }
        for (int i = h.size() - 1; i >= 0; i--) {
            JournalEntry e = h.get(i);
            if (e.started()) {
                JournalEntry last = latest.get(e.attempt());
                if (last != null && (last.started() || last.pending())) {
                    return Optional.of(last);
                }
            }
        }
        return Optional.empty();
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static void createParent(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            if (posix()) {
                Files.createDirectories(dir, OWNER_ONLY_DIR);
            } else {
                Files.createDirectories(dir);
            }
        }
    }
}
