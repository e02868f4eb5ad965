package dev.dicomcmk.rotation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
    /** What unfinished() has read: the attempts still open by service (lower-case id), up to this byte. */
    private final Map<String, List<JournalEntry>> open = new HashMap<>();
    /** The same read's keys each service was moved away from by a succeeded attempt, oldest first. */
    private final Map<String, java.util.LinkedHashSet<String>> retired = new HashMap<>();
    /**
     * The same read's keys each service may have run on, each with the newest line that names it so per way of
     * naming it (as a command's old key, as the new key of a command's action), so the memory stays bounded.
     */
    private final Map<String, Map<String, Map<String, JournalEntry>>> used = new HashMap<>();
    private long readUpTo;
    private Object readFileKey;

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
     * that attempt's latest line, its "started" or its "pending: …" one. Asked once per
     * service of every run, so it does not read the whole journal each time (a fleet's journal grows by a line
     * per service and run): it reads the lines appended since its last call, by this run or any other, and
     * keeps only the attempts still open. A journal that was replaced or shortened is read again from the start.
     */
    public synchronized Optional<JournalEntry> unfinished(String serviceId) {
        catchUp();
        List<JournalEntry> open = this.open.get(serviceId.toLowerCase(Locale.ROOT));
        return open == null || open.isEmpty() ? Optional.empty() : Optional.of(open.get(open.size() - 1));
    }

    /**
     * As {@link #unfinished(String)}, among one command's attempts only (another command's attempt left
     * open is that command's to finish).
     */
    public synchronized Optional<JournalEntry> unfinished(String serviceId, String command) {
        catchUp();
        List<JournalEntry> open = this.open.getOrDefault(serviceId.toLowerCase(Locale.ROOT), List.of());
        for (int i = open.size() - 1; i >= 0; i--) {
            if (open.get(i).commandName().equals(command)) {
                return Optional.of(open.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The keys this service was moved away from by a succeeded attempt, newest first, by the same incremental
     * read as {@link #unfinished}: asked after every real rotation of a fleet, it must not read the whole
     * journal each time either.
     */
    public synchronized List<String> retiredKeys(String serviceId) {
        catchUp();
        java.util.LinkedHashSet<String> keys = retired.get(serviceId.toLowerCase(Locale.ROOT));
        if (keys == null) {
            return List.of();
        }
        List<String> newestFirst = new ArrayList<>(keys);
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * Every key the journal says this service may have run on (see {@link JournalEntry#mayHaveRunOn}), each
     * with the lines that say so (the newest for each command's old key, each command's action's new key), newest first, by the same
     * incremental read as {@link #unfinished}.
     */
    public synchronized Map<String, List<JournalEntry>> keysRunOn(String serviceId) {
        catchUp();
        Map<String, List<JournalEntry>> out = new java.util.LinkedHashMap<>();
        used.getOrDefault(serviceId.toLowerCase(Locale.ROOT), Map.of()).forEach((key, byRole) -> out.put(key,
                byRole.values().stream().sorted(java.util.Comparator.comparing((JournalEntry e) -> String.valueOf(e.time()))
                        .reversed()).toList()));
        return out;
    }

    /** Reads the whole lines added since the last call (an end always follows its start in the file). */
    private void catchUp() {
        if (!Files.exists(file)) {
            forget(null);
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (key == null || !key.equals(readFileKey) || ch.size() < readUpTo) {
                forget(key);
            }
            ch.position(readUpTo);
            InputStream in = Channels.newInputStream(ch);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, from, i - from);
                        readUpTo += line.size() + 1;
                        track(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                        from = i + 1;
                    }
                }
                line.write(buffer, from, n - from); // a line still being written is read again next time
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
    }

    private void track(String line) {
        if (line.isBlank()) {
            return;
        }
        JournalEntry e;
        try {
            e = JSON.readValue(line, JournalEntry.class);
        } catch (IOException unreadable) {
            return; // a hand-edited or foreign line, skipped as history() skips it
        }
        if (e.service() == null || e.attempt() == null) {
            return;
        }
        String service = e.service().toLowerCase(Locale.ROOT);
        if (JournalEntry.SUCCEEDED.equals(e.outcome()) && e.oldKey() != null) {
            java.util.LinkedHashSet<String> keys = retired.computeIfAbsent(service, k -> new java.util.LinkedHashSet<>());
            keys.remove(e.oldKey()); // moved to the end: the newest move away from it counts
            keys.add(e.oldKey());
        }
        for (String key : new String[] {e.oldKey(), e.newKey()}) {
            if (key != null && e.mayHaveRunOn(key)) {
                String role = e.commandName() + (key.equals(e.oldKey()) ? " old" : " " + e.actionName() + " new");
                used.computeIfAbsent(service, k -> new HashMap<>()).computeIfAbsent(key, k -> new HashMap<>()).put(role, e);
            }
        }
        List<JournalEntry> open = this.open.get(service);
        if (e.started()) {
            this.open.computeIfAbsent(service, k -> new ArrayList<>()).add(e);
        } else if (open != null && e.pending()) {
            // still open: its latest line stands in for it, in the place its start gave it
            open.replaceAll(s -> s.attempt().equals(e.attempt()) ? e : s);
        } else if (open != null) {
            open.removeIf(s -> s.attempt().equals(e.attempt()));
            if (open.isEmpty()) {
                this.open.remove(service);
            }
        }
    }

    private void forget(Object fileKey) {
        open.clear();
        retired.clear();
        used.clear();
        readUpTo = 0;
        readFileKey = fileKey;
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
