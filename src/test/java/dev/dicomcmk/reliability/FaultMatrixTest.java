package dev.dicomcmk.reliability;

import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.FaultRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command against every fault it can meet, through the sandbox's fault API: the documented
 * exit code, one line naming the operation and the next step, no stack trace, and for writes the
 * service left on a working key with the output telling the truth about what was done.
 *
 * <p>The cells, and one clean run of each command (what a ride-out must print), are run before the
 * assertions, four at a time, each on its own sandbox: most of a cell's time is spent waiting out
 * retries and --timeout, so running them side by side keeps the matrix within seconds of its slowest
 * cell instead of the sum of them all.
 */
class FaultMatrixTest {

    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(|^Caused by: ");

    record Cell(CommandRow row, InjectedFault fault) {
        @Override
        public String toString() {
            return row.name() + " × " + fault.label;
        }
    }

    /**
     * @param unmet     the fault's counted rules the run never reached (a cell that proves nothing)
     * @param unproven  what the sandbox saw that disagrees with how the fault should have been met, or null
     */
    record Outcome(CliRunner.Result run, long millis, CliRunner.Result validateAfter, String truthProblem,
                   List<FaultRule> unmet, String unproven) {
    }

    private static final Map<Cell, Outcome> OUTCOMES = new ConcurrentHashMap<>();
    /** each command's run without a fault: what a run that rides a fault out must print */
    private static final Map<CommandRow, CliRunner.Result> CLEAN = new ConcurrentHashMap<>();

    @BeforeAll
    static void runEveryCell() throws Exception {
        List<Cell> cells = cells();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (CommandRow row : cells.stream().map(Cell::row).distinct().toList()) {
                running.add(pool.submit(() -> {
                    try (SandboxRun s = SandboxRun.start(row.scenario())) {
                        CLEAN.put(row, s.run(row.args().apply(s).toArray(String[]::new)));
                    }
                }));
            }
            for (Cell c : cells) {
                running.add(pool.submit(() -> OUTCOMES.put(c, run(c))));
            }
            for (Future<?> f : running) {
                f.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** -Dfault-matrix.rows=PREFIX runs only the rows whose name starts with it (while working on one command). */
    static List<Cell> cells() {
        String only = System.getProperty("fault-matrix.rows", "");
        List<Cell> cells = new ArrayList<>();
        for (CommandRow row : CommandRow.ALL.stream().filter(r -> r.name().startsWith(only)).toList()) {
            for (InjectedFault fault : InjectedFault.values()) {
                if (fault.rules(row) != null) {
                    cells.add(new Cell(row, fault));
                }
            }
        }
        return cells;
    }

    private static Outcome run(Cell c) {
        try (SandboxRun s = SandboxRun.start(c.row().scenario())) {
            List<String> args = new ArrayList<>(c.fault().globalArgs());
            args.addAll(c.row().args().apply(s));
            List<FaultRule> rules = c.fault().rules(c.row());
            s.inject(rules.toArray(new FaultRule[0]));
            long t0 = System.nanoTime();
            CliRunner.Result r = s.run(args.toArray(String[]::new));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            List<FaultRule> left = s.sandbox.faults().rules();
            List<FaultRule> unmet = rules.stream().filter(f -> f.count() != null && left.stream().anyMatch(l -> l == f)).toList();
            s.clearFaults();
            String unproven = c.fault().unproven(s);
            String truth = c.row().truth() == null ? null : c.row().truth().problem(s, r, c.fault());
            CliRunner.Result after = c.row().lro() == null ? null
                    : s.run("validate-key", "--service", CommandRow.SERVICE, "-g", "demo-rg", "-q");
            return new Outcome(r, ms, after, truth, unmet, unproven);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCommandAgainstEveryFault() {
        return cells().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c, OUTCOMES.get(c))));
    }

    private static void check(Cell c, Outcome o) {
        CliRunner.Result r = o.run();
        String why = r.describe() + "\n(" + o.millis() + " ms)";
        assertEquals(List.of(), o.unmet(), "the fault never reached the command\n" + why);
        assertNull(o.unproven(), () -> o.unproven() + "\n" + why);
        if (c.fault().outcome(c.row()) == InjectedFault.Outcome.RECOVERS) {
            CliRunner.Result clean = CLEAN.get(c.row());
            assertEquals(c.row().cleanExit(), clean.exitCode(), "the clean run\n" + clean.describe());
            assertEquals(comparable(clean.out()), comparable(r.out()), "the output of a run that rode the fault out is the "
                    + "clean run's\n" + why + "\nclean run:\n" + clean.describe());
            assertEquals(notes(clean.err()), notes(r.err()), "the same notes and warnings as the clean run\n" + why);
        }
        assertEquals(c.fault().expectedExit(c.row()), r.exitCode(), why);
        assertFalse(STACK_FRAME.matcher(r.err()).find(), "a stack trace without --debug\n" + why);
        List<String> errors = r.err().lines().filter(l -> l.startsWith("dicom-cmk: ")).toList();
        if (r.exitCode() == 4 || r.exitCode() == 6) {
            assertEquals(1, errors.size(), "one error line\n" + why);
            String line = errors.get(0).toLowerCase(Locale.ROOT);
            assertTrue(line.contains(" failed"), "the line names the operation that failed\n" + why);
            assertTrue(line.contains(c.fault().mustSay.toLowerCase(Locale.ROOT)), "the line says '" + c.fault().mustSay
                    + "'\n" + why);
            if (c.fault() == InjectedFault.KEY_VAULT_OTHER_TENANT) {
                // signing in again would not help: the next step is a key in the service's own tenant
                assertTrue(line.contains("vault-same-tenant") && !line.contains("sign in again"),
                        "the line points at a key in the service's tenant, not at signing in again\n" + why);
            }
        } else {
            assertEquals(List.of(), errors, "no error line when the run rides the fault out\n" + why);
        }
        if (c.fault().outcome == InjectedFault.Outcome.SKIPS_KEY_READS && c.row().readsKeyVault()) {
            // also when the command refuses instead: the line says which tenant the key accepts
            assertTrue((r.out() + r.err()).contains("tenant"), "the SKIP says the key's tenant refused the sign-in\n" + why);
        }
        // stderr holds only talk: progress, notes, warnings and at most the one error line
        r.err().lines().filter(l -> !l.isBlank()).forEach(l -> assertTrue(l.startsWith("dicom-cmk: ")
                || l.startsWith("  ... ") || l.startsWith("note: ") || l.startsWith("warning: "), "unexpected stderr line: "
                + l + "\n" + why));
        if (o.validateAfter() != null) {
            assertEquals(0, o.validateAfter().exitCode(), "the service must be left on a working key\n"
                    + o.validateAfter().describe() + "\nafter\n" + why);
        }
        assertNull(o.truthProblem(), () -> o.truthProblem() + "\n" + why);
    }

    /**
     * Output with what differs from run to run made alike: ids (GUIDs, key versions, hashes) and numbers
     * (times, ages), so two runs of the same command on the same scenario compare equal.
     */
    static String comparable(String output) {
        return output.replaceAll("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<guid>")
                .replaceAll("(?i)\\b[0-9a-f]{8,}\\b", "<hex>").replaceAll("\\d+", "0");
    }

    private static List<String> notes(String err) {
        return err.lines().filter(l -> l.startsWith("note: ") || l.startsWith("warning: ")).map(FaultMatrixTest::comparable)
                .toList();
    }

    /** docs/reliability.md's matrix is rendered from the expectations the cells above are held to. */
    @Test
    void reliabilityDocShowsTheMatrixTheTestsProve() throws Exception {
        String readme = Files.readString(Path.of("docs", "reliability.md"));
        String matrix = FaultMatrix.render();
        Path rendered = Path.of("target", "reliability", "fault-matrix.md");
        Files.createDirectories(rendered.getParent());
        Files.writeString(rendered, matrix + "\n");
        assertTrue(readme.contains(matrix), "docs/reliability.md's fault matrix is out of date; paste " + rendered
                + " between its fault-matrix markers");
    }
}
