package dev.dicomcmk.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every ```console block of README.md, CONTRIBUTING.md and docs/*.md is run: each {@code $ dicom-cmk ...} line
 * goes through the real command line in process against the sandbox, and what it prints (stdout and stderr, in
 * the order a terminal shows them) must be what the block shows, ids, key versions, timestamps, durations, temp
 * paths and ports aside ({@link ExampleOutput#normalise}). A line {@code ...} in a shown output stands for any
 * number of lines. Blocks that cannot run here (real Azure, az, cron) are not {@code console} blocks.
 *
 * <p>{@code -Dreadme.update=true} rewrites the outputs that no longer match, in place, from real runs (an output
 * that still matches is left as it is, so a refresh changes only what drifted); review the diff.
 */
class ReadmeExamplesTest {

    private static final boolean UPDATE = Boolean.getBoolean("readme.update");
    /** per document: its lines as read, and the outputs to replace (first line, lines replaced, new lines) */
    private static final Map<Path, List<String>> ORIGINAL = new LinkedHashMap<>();
    private static final Map<Path, List<Edit>> EDITS = new LinkedHashMap<>();

    private record Edit(int from, int count, List<String> lines) {
    }

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CONTRIBUTING.md")));
        if (Files.isDirectory(Path.of("docs"))) {
            try (Stream<Path> s = Files.list(Path.of("docs"))) {
                s.filter(p -> p.toString().endsWith(".md")).sorted(Comparator.naturalOrder()).forEach(docs::add);
            }
        }
        return docs.stream().filter(Files::exists).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyConsoleExampleRunsAsShown() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : documents()) {
            List<String> lines = new ArrayList<>(Files.readAllLines(doc, StandardCharsets.UTF_8));
            ORIGINAL.put(doc, lines);
            EDITS.put(doc, new ArrayList<>());
            for (ConsoleBlock block : ConsoleBlock.find(lines)) {
                tests.add(DynamicTest.dynamicTest(doc + ":" + (block.firstLine() + 1), () -> check(doc, block)));
            }
        }
        assertTrue(tests.size() >= 1, "no ```console example found");
        return tests.stream();
    }

    private static void check(Path doc, ConsoleBlock block) throws Exception {
        List<ConsoleBlock.Step> steps = block.steps();
        List<List<String>> actual = new ArrayList<>();
        try (ShellSession shell = new ShellSession()) {
            for (ConsoleBlock.Step step : steps) {
                actual.add(shell.run(step.command(), doc + ":" + (step.line() + 1)));
            }
        }
        StringBuilder drift = new StringBuilder();
        for (int i = steps.size() - 1; i >= 0; i--) {
            ConsoleBlock.Step step = steps.get(i);
            if (ExampleOutput.matches(step.output(), actual.get(i))) {
                continue;
            }
            drift.insert(0, doc + ":" + (step.line() + 1) + ": $ " + step.command() + "\n"
                    + ExampleOutput.diff(step.output(), actual.get(i)) + "\n");
            if (UPDATE) {
                EDITS.get(doc).add(new Edit(step.line() + 1, step.output().size(),
                        ExampleOutput.elideLike(step.output(), actual.get(i))));
            }
        }
        if (drift.length() > 0 && !UPDATE) {
            fail("An example's output is not what the command prints now (rerun with -Dreadme.update=true to "
                    + "rewrite it from real runs, then review the diff):\n" + drift);
        }
    }

    @AfterAll
    static void writeUpdates() throws IOException {
        if (!UPDATE) {
            return;
        }
        for (Map.Entry<Path, List<Edit>> e : EDITS.entrySet()) {
            List<String> lines = new ArrayList<>(ORIGINAL.get(e.getKey()));
            // from the last line back, so that an edit does not move the lines of those before it
            List<Edit> edits = new ArrayList<>(e.getValue());
            edits.sort(Comparator.comparingInt(Edit::from).reversed());
            for (Edit edit : edits) {
                List<String> region = lines.subList(edit.from(), edit.from() + edit.count());
                region.clear();
                region.addAll(edit.lines());
            }
            String text = String.join("\n", lines) + "\n";
            if (!text.equals(Files.readString(e.getKey(), StandardCharsets.UTF_8))) {
                Files.writeString(e.getKey(), text, StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * A shell as far as the examples need one: {@code dicom-cmk ...} in process, {@code sandbox start ... &} in
     * the background until the block ends, {@code . DIR/credentials.env}, {@code echo $?}, {@code cat FILE} and {@code mkdir DIR}.
     * Paths under /tmp are mapped to a fresh temporary directory per block and mapped back in what is printed.
     */
    static final class ShellSession implements AutoCloseable {
        private final Path root = Files.createTempDirectory("dicom-cmk-readme-");
        private final Map<String, String> env = new HashMap<>();
        /** shown path (e.g. /tmp/sbx) -> real path, longest first when mapping back */
        private final Map<String, Path> paths = new TreeMap<>(Comparator.comparing(String::length).reversed()
                .thenComparing(Comparator.naturalOrder()));
        private final List<Thread> background = new ArrayList<>();
        private int lastExit;

        ShellSession() throws IOException {
            env.put("HOME", root.resolve("home").toString());
            env.put("XDG_STATE_HOME", root.resolve("state").toString());
            env.put("XDG_CACHE_HOME", root.resolve("cache").toString());
        }

        List<String> run(String commandLine, String where) throws Exception {
            List<String> words = ShellWords.split(commandLine);
            boolean inBackground = !words.isEmpty() && words.get(words.size() - 1).equals("&");
            if (inBackground) {
                words = words.subList(0, words.size() - 1);
            }
            if (words.isEmpty()) {
                throw new AssertionError(where + ": an empty command");
            }
            String program = words.get(0);
            List<String> args = words.subList(1, words.size()).stream().map(this::mapPath).toList();
            if (program.equals("dicom-cmk") && inBackground) {
                return startInBackground(args, where);
            }
            if (inBackground) {
                throw new AssertionError(where + ": only 'dicom-cmk sandbox start ... &' can run in the background");
            }
            return switch (program) {
                case "dicom-cmk" -> dicomCmk(args);
                case "echo" -> List.of(String.join(" ", words.subList(1, words.size())).replace("$?", String.valueOf(lastExit)));
                case ".", "source" -> source(args);
                case "cat" -> cat(args);
                case "mkdir" -> mkdir(args);
                default -> throw new AssertionError(where + ": '" + program + "' cannot run in a test; make this block "
                        + "a ```text block with a visible note instead of ```console");
            };
        }

        private List<String> dicomCmk(List<String> args) {
            StringWriter terminal = new StringWriter();
            // one writer for both streams: the order a terminal shows them in
            lastExit = Cli.run(args.toArray(String[]::new), new CliEnvironment(new PrintWriter(terminal, true),
                    new PrintWriter(terminal, true), new HashMap<>(env), false, Clock.systemUTC()));
            return shown(terminal.toString());
        }

        /** `dicom-cmk sandbox start --state-dir DIR ... &`: runs until the block ends; shows its first lines. */
        private List<String> startInBackground(List<String> args, String where) throws Exception {
            if (!args.contains("start") || !args.contains("--state-dir")) {
                throw new AssertionError(where + ": only 'dicom-cmk sandbox start --state-dir DIR ... &' can run in the background");
            }
            Path stateDir = Path.of(args.get(args.indexOf("--state-dir") + 1));
            List<String> withLimit = new ArrayList<>(args);
            if (!withLimit.contains("--duration")) {
                withLimit.add("--duration");   // a safety net: the block's end interrupts it long before
                withLimit.add("10m");
            }
            StringWriter terminal = new StringWriter();
            Thread t = new Thread(() -> Cli.run(withLimit.toArray(String[]::new), new CliEnvironment(
                    new PrintWriter(terminal, true), new PrintWriter(new StringWriter(), true), new HashMap<>(env), false,
                    Clock.systemUTC())), "readme-sandbox");
            t.setDaemon(true);
            t.start();
            background.add(t);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!terminal.toString().contains("validate-key") || !Files.exists(stateDir.resolve("credentials.env"))) {
                if (!t.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError(where + ": the sandbox did not start: " + terminal);
                }
                Thread.sleep(20);
            }
            lastExit = 0;
            return shown(terminal.toString());
        }

        private List<String> source(List<String> args) throws IOException {
            for (String line : Files.readAllLines(Path.of(args.get(0)))) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("export ")) {
                    l = l.substring("export ".length()).strip();
                }
                int eq = l.indexOf('=');
                List<String> value = ShellWords.split(l.substring(eq + 1));
                env.put(l.substring(0, eq), value.isEmpty() ? "" : value.get(0));
            }
            lastExit = 0;
            return List.of();
        }

        private List<String> cat(List<String> args) throws IOException {
            lastExit = 0;
            return shown(Files.readString(Path.of(args.get(0))));
        }

        private List<String> mkdir(List<String> args) throws IOException {
            for (String dir : args) {
                if (!dir.startsWith("-")) {
                    Files.createDirectories(Path.of(dir));
                }
            }
            lastExit = 0;
            return List.of();
        }

        /** /tmp/NAME... -> a directory of this session's own, made on first use. */
        private String mapPath(String arg) {
            if (!arg.startsWith("/tmp/")) {
                return arg;
            }
            String first = arg.substring(0, indexOrEnd(arg, '/', "/tmp/".length()));
            Path real = paths.computeIfAbsent(first, k -> root.resolve("tmp").resolve(k.substring("/tmp/".length())));
            try {
                Files.createDirectories(real.getParent());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return real + arg.substring(first.length());
        }

        private static int indexOrEnd(String s, char c, int from) {
            int i = s.indexOf(c, from);
            return i < 0 ? s.length() : i;
        }

        private List<String> shown(String printed) {
            String text = printed;
            for (Map.Entry<String, Path> p : paths.entrySet()) {
                text = text.replace(p.getValue().toString(), p.getKey());
            }
            text = text.replace(root.toString(), "/tmp");
            return text.lines().toList();
        }

        @Override
        public void close() throws Exception {
            for (Thread t : background) {
                t.interrupt();
                t.join(30_000);
            }
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
