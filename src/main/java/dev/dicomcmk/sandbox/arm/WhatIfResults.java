package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The answers of what-if operations, kept in memory until fetched again or expired, not in the world's
 * saved state: a what-if changes nothing in Azure (ARM keeps its result for a while under an opaque
 * operation id, that is all), so asking one must not rewrite the state file, and a world copied for
 * the next what-if must not carry every earlier answer. After a sandbox restart an old Location
 * answers 404 OperationNotFound, as an expired one does in ARM.
 */
final class WhatIfResults {

    /** ARM keeps operation results for a limited time; an hour of sandbox time is plenty for any client. */
    static final long KEEP_SECONDS = 3_600;
    /** A bound whatever the clock does: the oldest answers go first. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(JsonNode result, long startTime) {
    }

    private final Map<String, Entry> results = new LinkedHashMap<>();

    synchronized void put(String id, JsonNode result, long now) {
        for (Iterator<Entry> it = results.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.startTime() + KEEP_SECONDS >= now && results.size() < MAX_ENTRIES) {
                break; // insertion order is time order: the rest are younger
            }
            it.remove();
        }
        results.put(id, new Entry(result, now));
    }

    /** The result of a what-if, computed when it was asked (the recorded first poll already answers 200). */
    synchronized Optional<JsonNode> get(String id, long now) {
        Entry e = results.get(id);
        return e == null || e.startTime() + KEEP_SECONDS < now ? Optional.empty() : Optional.of(e.result());
    }
}
