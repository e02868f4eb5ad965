package dev.dicomcmk.reliability;

import dev.dicomcmk.sandbox.WorldViews;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.FaultRule;
import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SandboxIds;
import dev.dicomcmk.sandbox.dicom.KeyAccess;
import dev.dicomcmk.rotation.RotationSteps;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The safety invariants hunted, not exemplified: every write command is run once cleanly against the
 * sandbox, every distinct call it makes to Azure is read off the sandbox's request log, and then each
 * of those calls in turn is made to answer something that is not what was asked for (200 with {}, an
 * empty body, an HTML page, another resource's id, a redirect to a host of no audience). After each
 * faulty run, and again after the clean re-run an operator would make, the world must hold:
 * the exit code is a documented one and no stack trace is printed; the service is on an enabled key its
 * identity can use; no identity it had was removed; every key version that appeared is either the one the
 * service uses or named in the journal; every journal line parses.
 *
 * <p>Call sites are found, not listed, so a new call a command starts making is swept without anyone
 * remembering to add it. A call made several times in one run (the service read before the write and
 * again to verify it) is a site per occurrence, up to {@link #OCCURRENCES}; polls of one operation are one.
 */
class SafetySweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** the occurrences of one call swept: before the write, and after it (the verify read) */
    private static final int OCCURRENCES = 2;
    private static final Set<Integer> DOCUMENTED_FAILURES = Set.of(3, 4, 5, 6, 7);
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(|^Caused by: |Exception:");
    private static final String SERVICE = "demo-ws/demo-dicom";
    private static final String UAMI = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
            + "/resourceGroups/demo-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/demo-uami";

    /** One write command of the sweep: the scenario it starts from and its arguments. */
    record WriteCommand(String name, String scenario, Function<SandboxRun, List<String>> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<WriteCommand> COMMANDS = List.of(
            // the user-assigned identity is what the key depends on: it must survive whatever the service read answers
            new WriteCommand("enable-identity --system-assigned", "user-assigned",
                    s -> svc("enable-identity", "--system-assigned", "--grant-key-access", "--yes")),
            new WriteCommand("enable-identity --user-assigned", "healthy",
                    s -> svc("enable-identity", "--user-assigned", UAMI, "--grant-key-access", "--yes")),
            new WriteCommand("update-via-arm --deploy", "healthy",
                    s -> svc("update-via-arm", "--deploy", "--yes", "--key-url", CommandRow.olderKey(s))),
            new WriteCommand("rotate-key --new-version", "healthy",
                    s -> svc("rotate-key", "--new-version", "--verify-for", "1s", "--yes")),
            // the fleet found with Resource Graph: its query answered with anything else must not become a fleet
            new WriteCommand("rotate-key --to-latest --uses-key", "healthy",
                    s -> List.of("rotate-key", "--to-latest", "--uses-key", "https://demo-kv.vault.sandbox.test/keys/demo-key",
                            "--verify-for", "1s", "--yes")),
            // an event's new version: the key's services found with Resource Graph, the vault and the grants on the key
            // read for services it cannot see, then the rotation; the version is made (as Key Vault's rotation would)
            // before the world the invariants compare with is taken
            new WriteCommand("rotate-key --from-event", "healthy",
                    s -> List.of("rotate-key", "--from-event", newVersionEvent(s).toString(), "--verify-for", "1s", "--yes")));

    /** A new version of demo-key, as a rotation policy makes it, and the event Key Vault publishes for it, in a file. */
    static Path newVersionEvent(SandboxRun s) {
        dev.dicomcmk.testing.KeyVaultRotation.newVersion(s.sandbox, "demo-kv", "demo-key");
        List<JsonNode> events = s.sandbox.events();
        try {
            return Files.writeString(s.dir.resolve("event.json"), events.get(events.size() - 1).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A way for one call to answer something that is not what was asked for. */
    enum Hostile {
        EMPTY_OBJECT("200 {}", 200, Map.of("Content-Type", "application/json"), "{}"),
        EMPTY_BODY("200 with no body", 200, Map.of(), ""),
        HTML("200 text/html", 200, Map.of("Content-Type", "text/html"),
                "<!DOCTYPE html><html><body><h1>Sign in to continue</h1></body></html>"),
        FOREIGN("200 another resource", 200, Map.of("Content-Type", "application/json"),
                "{\"id\":\"/subscriptions/" + SandboxIds.SUBSCRIPTION_ID + "/resourceGroups/other-rg/providers/"
                        + "Microsoft.HealthcareApis/workspaces/other-ws/dicomservices/other-dicom\",\"name\":\"other-dicom\","
                        + "\"type\":\"Microsoft.HealthcareApis/workspaces/dicomservices\",\"properties\":{},"
                        + "\"key\":{\"kid\":\"https://other-kv.vault.sandbox.test/keys/other-key/"
                        + "0123456789abcdef0123456789abcdef\",\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"},"
                        + "\"attributes\":{\"enabled\":true},\"value\":[]}"),
        REDIRECT("307 to a host of no audience", 307, Map.of("Location", "https://attacker.sandbox.test/steal"), "");

        final String label;
        final int status;
        final Map<String, String> headers;
        final String body;

        Hostile(String label, int status, Map<String, String> headers, String body) {
            this.label = label;
            this.status = status;
            this.headers = headers;
            this.body = body;
        }
    }

    /** One call of a clean run: method, host and a path pattern (ids that differ from run to run made wild). */
    record Site(String method, String host, String path, String pathPattern, int occurrence) {
        @Override
        public String toString() {
            String path = pathPattern.replace("\\Q", "").replace("\\E", "");
            return method + " " + host + " " + path + (occurrence > 0 ? " (occurrence " + (occurrence + 1) + ")" : "");
        }
    }

    /** What happens to a write the command sends. */
    enum WriteFault {
        ACCEPTED_THEN_RESET("accepted, then the connection reset"),
        ACCEPTED_THEN_KILLED("accepted, then the process killed (SIGKILL) while it waits for the answer");

        final String label;

        WriteFault(String label) {
            this.label = label;
        }
    }

    /** One cell: a hostile answer to a read, or a fault after a write (exactly one of the two). */
    record Cell(WriteCommand command, Site site, Hostile answer, WriteFault writeFault) {
        @Override
        public String toString() {
            return (answer != null ? answer.label : writeFault.label) + " at " + site;
        }
    }

    /** What a cell saw: the faulty run, the operator's re-run, and the invariant broken (null when none). */
    record Outcome(CliRunner.Result faulty, CliRunner.Result rerun, String broken) {
    }

    @TestFactory
    Stream<DynamicNode> everyCallOfEveryWriteCommandAnsweredWithSomethingElse() throws Exception {
        List<DynamicNode> nodes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Map<WriteCommand, List<Cell>> cells = new LinkedHashMap<>();
            // -Dsweep.command=NAME sweeps one command while working on it
            String one = System.getProperty("sweep.command", "");
            for (WriteCommand c : COMMANDS) {
                if (one.isEmpty() || c.name().equals(one)) {
                    cells.put(c, cellsOf(c));
                }
            }
            Map<Cell, Future<Outcome>> outcomes = new LinkedHashMap<>();
            cells.values().forEach(list -> list.forEach(cell -> outcomes.put(cell, pool.submit(() -> run(cell)))));
            for (var e : cells.entrySet()) {
                List<DynamicNode> tests = new ArrayList<>();
                for (Cell cell : e.getValue()) {
                    Outcome o = outcomes.get(cell).get(3, TimeUnit.MINUTES);
                    tests.add(DynamicTest.dynamicTest(cell.toString(), () -> {
                        if (o.broken() != null) {
                            fail(cell + ": " + o.broken() + "\n" + o.faulty().describe()
                                    + (o.rerun() == null ? "" : "\n--- the re-run ---\n" + o.rerun().describe()));
                        }
                    }));
                }
                assertFalse(tests.isEmpty(), "no call sites found for " + e.getKey());
                nodes.add(DynamicContainer.dynamicContainer(e.getKey().name(), tests));
            }
        } finally {
            pool.shutdownNow();
        }
        return nodes.stream();
    }

    /** The command's calls in a clean run, each hostile answer at each of them. */
    static List<Cell> cellsOf(WriteCommand command) {
        List<Site> sites;
        try (SandboxRun s = SandboxRun.start(command.scenario())) {
            s.sandbox.requestLog().clear();
            CliRunner.Result clean = s.run(command.args().apply(s).toArray(String[]::new));
            assertEquals(0, clean.exitCode(), "the clean run of " + command + "\n" + clean.describe());
            sites = sites(s.sandbox.requestLog().entries());
        }
        List<Cell> cells = new ArrayList<>();
        // -Dsweep.only=writes|reads while working on one kind of fault
        String only = System.getProperty("sweep.only", "");
        for (Site site : sites) {
            // a read is a GET, or a POST that changes nothing (a Resource Graph query, a what-if, a key operation)
            boolean read = site.method().equals("GET") || !RequestLog.isWrite(site.method(), site.host(), site.path());
            if (read && !only.equals("writes")) {
                for (Hostile h : Hostile.values()) {
                    // a repeated read (the verify after the write) gets the two answers a parser could take for a resource
                    if (site.occurrence() == 0 || h == Hostile.EMPTY_OBJECT || h == Hostile.FOREIGN) {
                        cells.add(new Cell(command, site, h, null));
                    }
                }
            } else if (RequestLog.isWrite(site.method(), site.host(), site.path()) && !only.equals("reads")) {
                for (WriteFault f : WriteFault.values()) {
                    cells.add(new Cell(command, site, null, f));
                }
            }
        }
        return cells;
    }

    /** Distinct calls, in the order first made; sign-ins are the credential's and swept elsewhere. */
    static List<Site> sites(List<RequestLog.Entry> log) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Site> sites = new ArrayList<>();
        for (RequestLog.Entry e : log) {
            if (e.host().startsWith("login.") || e.status() == 401) {
                continue; // sign-ins are the credential's; a 401 is Key Vault's challenge, answered by the same call again
            }
            String pattern = pattern(e.path());
            // faults match method, host and path (not the query): calls that differ only by query are one site
            String key = e.method() + " " + e.host() + " " + pattern;
            int n = seen.merge(key, 1, Integer::sum) - 1;
            boolean poll = e.path().toLowerCase(Locale.ROOT).contains("/operationstatuses/")
                    || e.path().toLowerCase(Locale.ROOT).contains("/operationresults/");
            if (n < (poll ? 1 : OCCURRENCES)) {
                sites.add(new Site(e.method(), e.host(), e.path(), pattern, countOccurrence(sites, e.method(), e.host(), pattern)));
            }
        }
        return sites;
    }

    private static int countOccurrence(List<Site> sites, String method, String host, String pattern) {
        return (int) sites.stream().filter(s -> s.method().equals(method) && s.host().equals(host)
                && s.pathPattern().equals(pattern)).count();
    }

    /** The path as a regex: key versions, GUIDs and operation ids match any value. */
    static String pattern(String path) {
        List<String> parts = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            parts.add(segment.matches("(?i)[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\\d{10,}")
                    ? "[^/]+" : segment.isEmpty() ? "" : Pattern.quote(segment));
        }
        return "(?i)" + String.join("/", parts);
    }

    /** Runs of a cell whose first call the run did not make, before that is a failure. */
    private static final int ATTEMPTS = 3;
    private static final String UNREACHED = "the hostile answer was never given: the run did not make this call";

    /**
     * A cell, run again (on a fresh sandbox) when its call was not made: which calls a run makes can depend on how
     * fast Azure answers (a lookup started beside a direct read is dropped once the read answers), and a call the clean
     * run made but a loaded run did not is swept on another run rather than failed. A call no run makes still fails.
     */
    static Outcome run(Cell cell) {
        Outcome o = null;
        for (int attempt = 0; attempt < ATTEMPTS && (o == null || UNREACHED.equals(o.broken())); attempt++) {
            o = runOnce(cell);
        }
        return o;
    }

    static Outcome runOnce(Cell cell) {
        try (SandboxRun s = SandboxRun.start(cell.command().scenario())) {
            // the arguments first: a command's may change the world as Azure would before the run (a key's new version)
            List<String> args = cell.command().args().apply(s);
            World before = World.of(s);
            Site site = cell.site();
            if (site.occurrence() > 0) {
                // the first occurrences pass untouched (answered normally after 1 ms), the next one is hostile
                s.inject(FaultRule.latency(1).forMethod(site.method()).forHost(Pattern.quote(site.host()))
                        .forPath(site.pathPattern()).times(site.occurrence()));
            }
            FaultRule hostile = faultOf(cell).forMethod(site.method()).forHost(Pattern.quote(site.host()))
                    .forPath(site.pathPattern()).times(1);
            s.inject(hostile);
            CliRunner.Result faulty = cell.writeFault() == WriteFault.ACCEPTED_THEN_KILLED
                    ? KilledRun.killWhenAccepted(s, hostile, args) : s.run(args.toArray(String[]::new));
            boolean reached = s.sandbox.faults().rules().stream().noneMatch(r -> r == hostile);
            s.clearFaults();
            // a repeat of a call (a second poll, the read after a write) depends on how fast Azure answers: a run that
            // needed no repeat is judged by the invariants alone; a first call must be made
            String broken = reached || site.occurrence() > 0 ? exitProblem(faulty) : UNREACHED;
            if (broken == null) {
                broken = before.brokenBy(s, "the faulty run");
            }
            if (broken != null) {
                return new Outcome(faulty, null, broken);
            }
            CliRunner.Result rerun = s.run(args.toArray(String[]::new));
            broken = rerun.exitCode() == 0 ? null : "the operator's clean re-run did not succeed (exit " + rerun.exitCode() + ")";
            if (broken == null) {
                broken = before.brokenBy(s, "the re-run");
            }
            return new Outcome(faulty, rerun, broken);
        }
    }

    private static FaultRule faultOf(Cell cell) {
        if (cell.answer() != null) {
            Hostile h = cell.answer();
            return FaultRule.respond(h.status, h.headers, h.body);
        }
        return cell.writeFault() == WriteFault.ACCEPTED_THEN_RESET ? FaultRule.acceptThenReset() : FaultRule.acceptThenStall();
    }

    private static String exitProblem(CliRunner.Result r) {
        if (r.exitCode() == KilledRun.KILLED) {
            return null; // a killed run says nothing; what it left behind is judged below, and after the re-run
        }
        if (STACK_FRAME.matcher(r.err()).find() || STACK_FRAME.matcher(r.out()).find()) {
            return "a stack trace or exception text without --debug";
        }
        if (r.exitCode() != 0 && !DOCUMENTED_FAILURES.contains(r.exitCode())) {
            return "exit " + r.exitCode() + " is not how a failure of Azure ends (3, 4, 5, 6 or 7)";
        }
        return null;
    }

    /** What must still hold after any run: what the service had, and what the vault had. */
    record World(Set<String> identities, Set<String> versions) {

        static World of(SandboxRun s) {
            return new World(identities(s), new TreeSet<>(s.sandbox.world().keyVersions("demo-kv", "demo-key")));
        }

        static Set<String> identities(SandboxRun s) {
            JsonNode identity = WorldViews.dicomService(s.sandbox, "demo-ws", "demo-dicom").path("identity");
            Set<String> out = new TreeSet<>();
            if (identity.path("type").asText("").toLowerCase(Locale.ROOT).contains("systemassigned")) {
                out.add("system-assigned");
            }
            for (Iterator<String> it = identity.path("userAssignedIdentities").fieldNames(); it.hasNext(); ) {
                out.add(it.next().toLowerCase(Locale.ROOT));
            }
            return out;
        }

        String brokenBy(SandboxRun s, String run) {
            Set<String> now = identities(s);
            if (!now.containsAll(identities)) {
                return "after " + run + " the service lost an identity: it had " + identities + ", it has " + now;
            }
            String access = keyAccessProblem(s);
            if (access != null) {
                return "after " + run + " the service cannot use its key "
                        + s.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom") + ": " + access;
            }
            List<String> journal;
            try {
                journal = journalLines(s);
            } catch (IOException e) {
                return "after " + run + " the journal cannot be read: " + e.getMessage();
            }
            for (String line : journal) {
                try {
                    JSON.readTree(line);
                } catch (IOException e) {
                    return "after " + run + " a journal line does not parse: " + line;
                }
            }
            String current = s.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom");
            String text = String.join("\n", journal).toLowerCase(Locale.ROOT);
            Map<String, String> attemptTags = s.sandbox.world().read(w -> {
                Map<String, String> tags = new java.util.HashMap<>();
                w.vault("demo-kv").flatMap(v -> v.key("demo-key")).ifPresent(k -> k.versions.forEach(kv ->
                        tags.put(kv.version, kv.tags.getOrDefault(RotationSteps.ATTEMPT_TAG, ""))));
                return tags;
            });
            for (String v : s.sandbox.world().keyVersions("demo-kv", "demo-key")) {
                String attempt = attemptTags.getOrDefault(v, "").toLowerCase(Locale.ROOT);
                boolean namedByItsAttempt = !attempt.isEmpty() && text.contains(attempt);
                if (!versions.contains(v) && !current.toLowerCase(Locale.ROOT).endsWith(v.toLowerCase(Locale.ROOT))
                        && !text.contains(v.toLowerCase(Locale.ROOT)) && !namedByItsAttempt) {
                    return "after " + run + " key version " + v + " exists, is not the service's key, and the journal "
                            + "names neither it nor the attempt its tag names (an orphaned version)";
                }
            }
            return null;
        }
    }

    /**
     * Whether the service's identity can get, wrap and unwrap its key as the world stands (not Resource
     * Health, which lags behind a repaired access by design).
     */
    static String keyAccessProblem(SandboxRun s) {
        long now = s.sandbox.clock().nowEpochSecond();
        return s.sandbox.world().read(w -> w.dicomServices.stream()
                .filter(d -> d.workspace.equalsIgnoreCase("demo-ws") && d.name.equalsIgnoreCase("demo-dicom")).findFirst()
                .flatMap(d -> KeyAccess.evaluate(w, d, now, dev.dicomcmk.sandbox.Sandbox.DNS_ZONE))
                .map(p -> p.code() + ": " + p.message()).orElse(null));
    }

    /** Every journal line under the run's state folder, wherever the journal is kept there. */
    static List<String> journalLines(SandboxRun s) throws IOException {
        Path state = s.dir; // the journal lives beside the sandbox's profile; any other under the test's XDG state
        if (!Files.isDirectory(state)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                Files.readAllLines(f).stream().filter(l -> !l.isBlank()).forEach(lines::add);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return lines;
    }

    private static List<String> svc(String command, String... more) {
        List<String> all = new ArrayList<>(List.of(command, "--service", SERVICE, "-g", SandboxIds.DEMO_RG));
        all.addAll(List.of(more));
        return all;
    }
}
