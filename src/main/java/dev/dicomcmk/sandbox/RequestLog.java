package dev.dicomcmk.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every request the sandbox answered, without headers or bodies (so no token or secret can end up
 * in it). Status 0 means no HTTP answer was given (a reset or stall fault).
 */
public final class RequestLog {

    public record Entry(Instant time, String method, String host, String path, String query, int status) {
    }

    private static final int MAX_ENTRIES = 100_000;

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(Entry e) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.remove(0);
        }
        entries.add(e);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }

    /** How many requests were not GET/HEAD (writes a dry run must not make). */
    public synchronized long writes() {
        return entries.stream().filter(e -> !e.method().equals("GET") && !e.method().equals("HEAD")).count();
    }
}
