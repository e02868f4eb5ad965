package dev.dicomcmk.rotation;

import dev.dicomcmk.files.PrivateFiles;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The append-only JSON-lines journal of rotation attempts. Each record is one newline-terminated line
 * that goes out in one write() on a file opened with O_APPEND (never through a link at its path, see
 * {@link PrivateFiles}) and is fsynced before the caller goes on, so concurrent runs never interleave.
 * A write cut short (a crash, a full disk) leaves a torn last line: the next append fences it off with
 * a newline in the same write as its own record, so the torn bytes stay one unusable line of their own
 * and never swallow the record after them. Every line read back passes {@link JournalLines} before
 * anything is done with it; a line that does not is skipped with a warning. The file is owner-only: it
 * names services and keys.
 */
public final class Journal {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String WHAT = "the journal";
    /**
     * Appends of this process, whichever Journal object makes them: the OS lock below keeps other
     * processes out, but one process may hold a file's lock only once.
     */
    private static final Object APPENDING = new Object();

    private final Path file;
    private final JournalLines lines;
    private final Consumer<String> warn;
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
    private long linesRead;
    private Object readFileKey;

    /** A journal of the public cloud's rotations whose warnings go nowhere (tests, tools). */
    public Journal(Path file) {
        this(file, new JournalLines("vault.azure.net", "managedhsm.azure.net"), w -> { });
    }

    /**
     * @param lines decides which lines read back are usable (they name this cloud's keys)
     * @param warn  where a skipped line, a fenced torn line or a tightened file is reported
     */
    public Journal(Path file, JournalLines lines, Consumer<String> warn) {
        this.file = file;
        this.lines = lines;
        this.warn = warn;
    }

    public Path file() {
        return file;
    }

    /**
     * Refuses a journal path that is a link or not a file, and tightens an existing journal others could
     * read, before a run asks Azure anything: bad state is a usage error, found before the first write.
     */
    public void check() {
        try {
            PrivateFiles.checkPath(file, WHAT);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                PrivateFiles.openToAppend(file, WHAT, warn).close();
            }
        } catch (IOException e) {
            // found before any Azure write: the operator's path is unusable, not the tool broken (exit 2)
            throw new dev.dicomcmk.model.InvalidInputException("cannot write the journal " + file + ": " + e.getMessage()
                    + " (pass --journal FILE to write elsewhere)");
        }
    }

    /** Told of each line once it is on disk (what an interrupted run says it leaves open). */
    private final List<Consumer<JournalEntry>> appended = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void onAppend(Consumer<JournalEntry> listener) {
        appended.add(listener);
    }

    public void append(JournalEntry entry) {
        byte[] record;
        try {
            record = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a journal line: " + e.getMessage(), e);
        }
        try {
            synchronized (APPENDING) {
                try (FileChannel ch = PrivateFiles.openToAppend(file, WHAT, warn);
                     FileLock ignored = ch.lock()) {
                    byte[] line = record;
                    if (endsTorn(ch.size())) {
                        warn.accept(WHAT + " " + file + " ended in a torn line (a write cut short by a crash or a full "
                                + "disk); it is fenced off and skipped");
                        line = new byte[record.length + 1];
                        line[0] = '\n';
                        System.arraycopy(record, 0, line, 1, record.length);
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    // a regular file takes the whole buffer in one write(2); the loop only guards against the exotic
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file + ": " + e.getMessage()
                    + " (pass --journal FILE to write elsewhere)", e);
        }
        appended.forEach(listener -> listener.accept(entry));
    }

    /** Whether the file's last byte (of size bytes) ends a line; read under the append lock, so nobody is mid-write. */
    private boolean endsTorn(long size) throws IOException {
        if (size == 0) {
            return false;
        }
        try (FileChannel in = PrivateFiles.openToRead(file, WHAT)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            return in != null && in.read(last, size - 1) == 1 && last.get(0) != '\n';
        }
    }

    /** Every usable entry, oldest first; the others are skipped with a warning. */
    public List<JournalEntry> entries() {
        List<JournalEntry> out = new ArrayList<>();
        try (FileChannel ch = PrivateFiles.openToRead(file, WHAT)) {
            if (ch == null) {
                return List.of();
            }
            byte[] all = Channels.newInputStream(ch).readAllBytes();
            int from = 0;
            long lineNo = 0;
            // the bytes after the last newline are a line still being written, or torn: not a record (yet)
            for (int i = 0; i < all.length; i++) {
                if (all[i] == '\n') {
                    usable(new String(all, from, i - from, StandardCharsets.UTF_8), ++lineNo).ifPresent(out::add);
                    from = i + 1;
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
        try (FileChannel ch = PrivateFiles.openToRead(file, WHAT)) {
            if (ch == null) {
                forget(null);
                return;
            }
            Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
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
                        usable(line.toString(StandardCharsets.UTF_8), ++linesRead).ifPresent(this::track);
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

    /** The line's entry when {@link JournalLines} finds it usable; else a warning and nothing. Blank lines are no records. */
    private Optional<JournalEntry> usable(String line, long lineNo) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        JournalLines.Read read = lines.read(line);
        if (!read.usable()) {
            warn.accept(WHAT + " " + file + ", line " + lineNo + ": skipped, " + read.problem());
            return Optional.empty();
        }
        return Optional.of(read.entry());
    }

    private void track(JournalEntry e) {
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
        linesRead = 0;
        readFileKey = fileKey;
    }

}
