package dev.dicomcmk.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every request the sandbox answered, without headers or bodies (so no token or secret can end up
 * in it). Status 0 means no HTTP answer was given (a reset or stall fault). {@code write} marks the
 * requests that can change Azure state, so a test can assert that a second run writes nothing.
 * {@code carriedToken} says whether the request had an Authorization header (never what it held), so a
 * test can assert that no token reached a host outside the token's audience.
 */
public final class RequestLog {

    public record Entry(Instant time, String method, String host, String path, String query, int status, boolean write,
                        boolean carriedToken) {
    }

    private static final int MAX_ENTRIES = 100_000;
    /** POSTs that only compute an answer: what-if, and the keys data plane's cryptographic operations. */
    private static final Pattern READ_ONLY_POST = Pattern.compile(
            "(?i).*/(whatif|wrapkey|unwrapkey|encrypt|decrypt|sign|verify|providers/microsoft\\.resourcegraph/resources)$");

    private final List<Entry> entries = new ArrayList<>();

    /**
     * Whether a request to a simulated Azure service can change its state: every method but GET and
     * HEAD, except sign-ins (Entra token requests) and the read-only POSTs above.
     */
    public static boolean isWrite(String method, String host, String path) {
        String m = method.toUpperCase(Locale.ROOT);
        if (m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS")) {
            return false;
        }
        if (host.equals(SandboxContext.LOGIN_HOST)) {
            return false;
        }
        return !(m.equals("POST") && READ_ONLY_POST.matcher(path.replaceAll("/+$", "")).matches());
    }

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

    /** How many requests could have changed state (see {@link #isWrite}), whatever their status. */
    public synchronized long writes() {
        return entries.stream().filter(Entry::write).count();
    }

    /** The writes that succeeded (status below 400). */
    public synchronized List<Entry> successfulWrites() {
        return entries.stream().filter(e -> e.write() && e.status() >= 200 && e.status() < 400).toList();
    }

    /** Names of the deployments PUT (in order, repeats kept). */
    public synchronized List<String> deploymentPuts() {
        return entries.stream().filter(e -> e.method().equals("PUT")
                        && e.path().toLowerCase(Locale.ROOT).matches(".*/providers/microsoft\\.resources/deployments/[^/]+/?"))
                .map(e -> e.path().replaceAll("/+$", "").substring(e.path().replaceAll("/+$", "").lastIndexOf('/') + 1))
                .toList();
    }

    /** The role-assignment PUTs (ARM and Managed HSM), in order. */
    public synchronized List<Entry> roleAssignmentPuts() {
        return entries.stream().filter(e -> e.method().equals("PUT")
                && e.path().toLowerCase(Locale.ROOT).contains("/providers/microsoft.authorization/roleassignments/")).toList();
    }
}
