package dev.dicomcmk.cli;

import dev.dicomcmk.testing.FileWrites;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar through bin/dicom-cmk, as a user runs it: through a symlink, exit codes
 * passed through, and `sandbox start` in one process used by `--cloud` from another.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("bin/dicom-cmk").toAbsolutePath();

    record Run(int exit, String out, String err) {
    }

    static Run run(Map<String, String> env, Path launcher, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void runsThroughASymlinkAndPassesExitCodesThrough(@TempDir Path dir) throws Exception {
        Path link = dir.resolve("dicom-cmk");
        Files.createSymbolicLink(link, LAUNCHER);
        Run version = run(Map.of(), link, "--version");
        assertEquals(0, version.exit, version.err);
        assertTrue(version.out.startsWith("dicom-cmk "), version.out);
        // the root's help comes pre-rendered from the jar (RootHelp): picocli's text, plain off a terminal
        Run help = run(Map.of(), link, "--help");
        assertEquals(0, help.exit, help.err);
        assertEquals(Cli.renderRootHelp(false), help.out);
        Run usage = run(Map.of(), link, "validate-key");
        assertEquals(2, usage.exit, usage.err);
        Run unhealthy = run(Map.of(), link, "--sandbox", "weak-key", "validate-key", "--service", "demo-ws/demo-dicom",
                "-g", "demo-rg", "-q");
        assertEquals(3, unhealthy.exit, unhealthy.out + unhealthy.err);
        assertTrue(unhealthy.out.startsWith("FAIL "), unhealthy.out);
        assertEquals("", unhealthy.err, "nothing but data: no SLF4J or other noise on stderr");
    }

    /**
     * The launcher answers --version and --help alone from target/dicom-cmk-fast.jar, first on the class path, so
     * they never open the big jar: that small jar must answer both on its own (nothing of the fast paths may
     * come to need a class it lacks, or the big jar's index is read after all).
     */
    @Test
    void theFastJarAnswersVersionAndHelpOnItsOwn() throws Exception {
        Path fast = Path.of("target/dicom-cmk-fast.jar");
        assertTrue(Files.isRegularFile(fast), "built beside target/dicom-cmk.jar");
        for (String arg : List.of("--version", "--help")) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", fast.toString(), "dev.dicomcmk.Main", arg);
            Path out = Files.createTempFile("out", ".txt");
            Path err = Files.createTempFile("err", ".txt");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), arg + ": " + Files.readString(err));
            String expected = arg.equals("--help") ? Cli.renderRootHelp(false)
                    : String.join(System.lineSeparator(), Version.plainVersion()) + System.lineSeparator();
            assertEquals(expected, Files.readString(out), arg);
        }
    }

    /**
     * The JVM options the launcher picks, seen by a stand-in java that prints its arguments: the heap in transparent
     * huge pages with small TLABs exactly when the kernel offers them (with "never" the JVM would warn on stdout),
     * never for --version or --help alone, and a fleet run's young generation.
     */
    @Test
    void picksHugePagesOnlyWhereTheKernelOffersThemAndNotForTheFastAnswers(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("JAVA_HOME", standInJava(dir).toString(), "DICOM_CMK_CDS", "off");
        Path thpSetting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        String setting = Files.isReadable(thpSetting) ? Files.readString(thpSetting) : "";
        boolean offered = setting.contains("[madvise]") || setting.contains("[always]");

        List<String> command = run(env, LAUNCHER, "validate-key", "--service", "ws/dicom").out.lines().toList();
        assertEquals(offered, command.contains("-XX:+UseTransparentHugePages"), setting + command);
        assertEquals(offered, command.contains("-XX:TLABSize=256k"), setting + command);
        assertTrue(command.contains("dev.dicomcmk.Main") && command.get(command.size() - 1).equals("ws/dicom"), command.toString());
        assertTrue(!command.contains("-Xmn24m"), "a single command keeps the default young generation: " + command);
        assertTrue(run(env, LAUNCHER, "validate-key", "--all").out.lines().anyMatch("-Xmn24m"::equals));
        // a fleet found with Resource Graph is a fleet too, however its options are spelled
        for (List<String> fleet : List.of(List.of("validate-key", "--all-subscriptions"),
                List.of("rotate-key", "--to-latest", "--management-group=mg"), List.of("validate-key", "--uses-key", "u"))) {
            assertTrue(run(env, LAUNCHER, fleet.toArray(String[]::new)).out.lines().anyMatch("-Xmn24m"::equals), fleet.toString());
        }
        for (String fast : List.of("--version", "--help", "-V", "-h")) {
            List<String> args = run(env, LAUNCHER, fast).out.lines().toList();
            assertTrue(args.stream().noneMatch(a -> a.contains("TransparentHugePages") || a.contains("TLABSize")),
                    fast + ": " + args);
        }
    }

    /**
     * A package laid out as the tarball is (bin/, lib/ with the jar, the archive and its description, runtime/), with
     * a stand-in runtime whose java prints its arguments: what the launcher asks of the JVM, seen from outside.
     */
    static final class StandInPackage {
        final Path root;
        final Path lib;
        final Path launcher;
        final Path home;

        StandInPackage(Path dir, String archiveFile) throws IOException {
            root = Files.createDirectories(dir.resolve("pkg"));
            Path bin = Files.createDirectories(root.resolve("bin"));
            launcher = Files.copy(LAUNCHER, bin.resolve("dicom-cmk"));
            lib = Files.createDirectories(root.resolve("lib"));
            Files.writeString(lib.resolve("dicom-cmk.jar"), "stand-in jar");
            Files.createDirectories(root.resolve("runtime"));
            Files.move(standInJava(dir).resolve("bin"), root.resolve("runtime/bin"));
            Files.writeString(root.resolve("runtime/release"), "JAVA_VERSION=\"17.0.99\"\nJAVA_RUNTIME_VERSION=\"17.0.99+1\"\n");
            Files.writeString(lib.resolve(archiveFile), "stand-in archive");
            describe(archiveFile, "runtime", "17.0.99+1");
            home = Files.createDirectories(dir.resolve("home"));
            for (Path p : List.of(root, bin, lib, root.resolve("runtime"), lib.resolve(archiveFile))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "r--r--r--"));
            }
        }

        void describe(String file, String javaHome, String runtime) throws IOException {
            Path info = lib.resolve("dicom-cmk.archive");
            Files.deleteIfExists(info);
            Files.writeString(info, "file=" + file + "\njava.home=" + javaHome + "\njava.runtime=" + runtime + "\n");
        }

        /** The stand-in java's arguments for a validate-key run, with HOME an empty folder of its own. */
        List<String> jvmArgs(Map<String, String> extraEnv) throws Exception {
            Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString()));
            env.putAll(extraEnv);
            Run r = run(env, launcher, "validate-key", "--service", "ws/dicom");
            assertEquals(0, r.exit, r.err);
            return r.out.lines().toList();
        }

        String skipped(List<String> args) {
            return args.stream().filter(a -> a.startsWith("-Ddicomcmk.archive.skipped=")).findFirst().orElse("");
        }
    }

    private static boolean maps(List<String> args) {
        return args.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=") || a.startsWith("-XX:AOTCache="));
    }

    /**
     * The archive a build made for this runtime is mapped, with the jar as /dev/fd/9 (the class path the archive
     * was made with), at the JVM's default relocation unless DICOM_CMK_CDS=fixed asks otherwise. Nothing is
     * written to HOME and nothing is trained.
     */
    @Test
    void mapsTheArchiveOfItsRuntimeRelocatedAndWritesNothingToHome(@TempDir Path dir) throws Exception {
        StandInPackage pkg = new StandInPackage(dir, "dicom-cmk.jsa");
        List<String> args = pkg.jvmArgs(Map.of());
        assertTrue(args.contains("-XX:SharedArchiveFile=" + pkg.lib.resolve("dicom-cmk.jsa")), args.toString());
        assertTrue(args.contains("/dev/fd/9") && args.get(args.indexOf("/dev/fd/9") - 1).equals("-cp"), args.toString());
        assertTrue(args.stream().noneMatch(a -> a.contains("ArchiveRelocationMode")), args.toString());
        assertTrue(args.stream().noneMatch(a -> a.startsWith("-Xlog:cds=off")), "JVM messages go to stderr: " + args);
        assertTrue(args.contains("-Xlog:all=warning:stderr"), args.toString());
        assertTrue(args.contains("-XX:Tier0InvokeNotifyFreqLog=10"), args.toString());
        List<String> fixed = pkg.jvmArgs(Map.of("DICOM_CMK_CDS", "fixed"));
        assertTrue(fixed.contains("-XX:ArchiveRelocationMode=0"), fixed.toString());
        List<String> off = pkg.jvmArgs(Map.of("DICOM_CMK_CDS", "off"));
        assertTrue(!maps(off) && off.contains("-Ddicomcmk.archive.skipped=DICOM_CMK_CDS=off"), off.toString());
        try (var left = Files.list(pkg.home)) {
            assertEquals(List.of(), left.toList(), "nothing written to HOME");
        }
    }

    /** With an AOT cache (a JDK 24+ runtime) the JIT keeps its defaults, for the cache's method profiles. */
    @Test
    void anAotCacheIsMappedAndTheJitKeepsItsDefaults(@TempDir Path dir) throws Exception {
        StandInPackage pkg = new StandInPackage(dir, "dicom-cmk.aot");
        List<String> args = pkg.jvmArgs(Map.of());
        assertTrue(args.contains("-XX:AOTCache=" + pkg.lib.resolve("dicom-cmk.aot")), args.toString());
        assertTrue(args.stream().noneMatch(a -> a.startsWith("-XX:Tier0InvokeNotifyFreqLog")), args.toString());
        assertTrue(args.stream().noneMatch(a -> a.contains("ArchiveRelocationMode")), args.toString());
    }

    /** A folder, description or archive that someone other than the user could have replaced is never mapped. */
    @ParameterizedTest
    @ValueSource(strings = {"dicom-cmk.jsa", "dicom-cmk.aot"})
    void refusesAnArchiveOthersCouldHaveReplaced(String file, @TempDir Path dir) throws Exception {
        StandInPackage pkg = new StandInPackage(dir, file);
        Files.setPosixFilePermissions(pkg.lib, PosixFilePermissions.fromString("rwxrwxr-x"));
        List<String> groupWritable = pkg.jvmArgs(Map.of());
        assertTrue(!maps(groupWritable), groupWritable.toString());
        assertTrue(pkg.skipped(groupWritable).contains("writable by group or others (mode 775)"), groupWritable.toString());
        Files.setPosixFilePermissions(pkg.lib, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(maps(pkg.jvmArgs(Map.of())), "the same package once the folder is the owner's alone");

        Path archive = pkg.lib.resolve(file);
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));
        List<String> worldWritable = pkg.jvmArgs(Map.of());
        assertTrue(!maps(worldWritable) && pkg.skipped(worldWritable).contains("(mode 666)"), worldWritable.toString());
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("r--r--r--"));

        // owned by another user: a stand-in stat(1) says so (making a file another user's needs root and a second user)
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Path stat = tools.resolve("stat");
        Files.writeString(stat, "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in /*) echo '4242 755' ;; esac; done\n");
        assertTrue(stat.toFile().setExecutable(true));
        List<String> foreign = pkg.jvmArgs(Map.of("PATH", tools + ":" + System.getenv("PATH")));
        assertTrue(!maps(foreign), foreign.toString());
        assertTrue(pkg.skipped(foreign).contains("owned by uid 4242, neither root nor you"), foreign.toString());

        // a symbolic link to an archive is not followed
        Path elsewhere = Files.move(archive, dir.resolve("elsewhere-" + file));
        Files.createSymbolicLink(archive, elsewhere);
        List<String> linked = pkg.jvmArgs(Map.of());
        assertTrue(!maps(linked) && pkg.skipped(linked).contains("symbolic link"), linked.toString());
        try (var left = Files.list(pkg.home)) {
            assertEquals(List.of(), left.toList(), "nothing written to HOME");
        }
    }

    /**
     * An archive made by another runtime, or by this one before it was upgraded in place, is skipped, and says so
     * (a CDS archive of JDK 17-23 and an AOT cache of JDK 24+ alike).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dicom-cmk.jsa", "dicom-cmk.aot"})
    void skipsAnArchiveMadeByAnotherJvm(String file, @TempDir Path dir) throws Exception {
        StandInPackage pkg = new StandInPackage(dir, file);
        Path other = Files.createDirectories(dir.resolve("other-jdk/bin"));
        Files.writeString(other.resolve("java"), "#!/bin/sh\n");
        pkg.describe(file, dir.resolve("other-jdk").toString(), "17.0.99+1");
        List<String> another = pkg.jvmArgs(Map.of());
        assertTrue(!maps(another), another.toString());
        assertTrue(pkg.skipped(another).contains("was made by the JVM in " + dir.resolve("other-jdk")), another.toString());

        pkg.describe(file, "runtime", "17.0.98+7");
        List<String> upgraded = pkg.jvmArgs(Map.of());
        assertTrue(!maps(upgraded), upgraded.toString());
        assertTrue(pkg.skipped(upgraded).contains("was made by Java 17.0.98+7; " + pkg.root.resolve("runtime")
                + " is now 17.0.99+1"), upgraded.toString());
    }

    /** A JAVA_HOME under dir whose bin/java prints the arguments it gets, one per line, and exits 0. */
    private static Path standInJava(Path dir) throws IOException {
        Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        assertTrue(java.toFile().setExecutable(true));
        return dir.resolve("jdk");
    }

    /**
     * On a terminal (script(1)'s pseudo-terminal) --help comes coloured; with stdin or stdout redirected it is plain,
     * as picocli's Ansi.AUTO decides it: Main tells a terminal by the device files of stdin and stdout.
     */
    @Test
    void helpIsColouredOnlyWhenStdinAndStdoutAreATerminal() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1)");
        String plain = Cli.renderRootHelp(false);
        String coloured = Cli.renderRootHelp(true);
        assertTrue(!plain.equals(coloured));
        Map<String, String> env = Map.of("DICOM_CMK_CDS", "off");
        String onTerminal = run(env, Path.of("/usr/bin/script"), "-qec", LAUNCHER + " --help", "/dev/null").out;
        assertEquals(coloured.replace("\n", "\r\n"), onTerminal);
        String stdinRedirected = run(env, Path.of("/usr/bin/script"), "-qec", LAUNCHER + " --help </dev/null", "/dev/null").out;
        assertEquals(plain.replace("\n", "\r\n"), stdinRedirected);
    }

    /**
     * I7: a person at a terminal is asked before a write even when stdout is piped ({@code ... | tee log}): stdin is
     * script(1)'s pseudo-terminal, stdout a pipe. Answering "n" is exit 8 and the sandbox sees no write.
     */
    @Test
    void asksOnATerminalEvenWithStdoutPipedAndNoIsExit8(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1)");
        try (SandboxCli cli = new SandboxCli("identity-missing")) {
            Path out = dir.resolve("stdout.txt");
            Path exit = dir.resolve("exit.txt");
            String command = "{ '" + LAUNCHER + "' --cloud '" + cli.profile + "' --auth env enable-identity --service "
                    + "demo-ws/demo-dicom -g demo-rg --system-assigned; echo $? > '" + exit + "'; } | cat > '" + out + "'";
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null");
            var c = cli.sandbox.credentials();
            pb.environment().putAll(Map.of("AZURE_TENANT_ID", c.tenantId(), "AZURE_CLIENT_ID", c.clientId(),
                    "AZURE_CLIENT_SECRET", c.clientSecret(), "AZURE_SUBSCRIPTION_ID", c.subscriptionId(),
                    "XDG_STATE_HOME", dir.resolve("state").toString(), "DICOM_CMK_CDS", "off"));
            Path terminal = dir.resolve("terminal.txt");
            pb.redirectErrorStream(true).redirectOutput(terminal.toFile());
            Process p = pb.start();
            try (var keyboard = p.getOutputStream()) {
                keyboard.write("n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                keyboard.flush();
                // the keyboard stays open while the command runs: script(1) ends at its end
                assertTrue(p.waitFor(90, TimeUnit.SECONDS), "timed out: " + Files.readString(terminal));
            }
            String screen = Files.readString(terminal);
            assertEquals("8", Files.readString(exit).strip(), screen + Files.readString(out));
            assertTrue(screen.contains("Change demo-ws/demo-dicom as planned above? [y/N]"), screen);
            assertTrue(screen.contains("declined; nothing changed"), screen);
            assertTrue(Files.readString(out).contains("set-identity"), "the plan went to the pipe: " + Files.readString(out));
            assertEquals(0, cli.sandbox.requestLog().writes(), screen);
        }
    }

    /**
     * `./mvnw package` made the start-up archive beside the jar (target/dicom-cmk.jsa or .aot, with its
     * description): a run maps it (-Xshare:on makes the JVM fail when it cannot), writes nothing to HOME and starts
     * no training. `--version -v` says it was mapped; on another JVM (a JDK 24+ under /usr/lib/jvm, when the machine
     * has one) it says the archive was skipped, and the run still works.
     */
    @Test
    void mapsTheArchiveTheBuildMadeAndSaysWhyNotOnAnotherJvm(@TempDir Path dir) throws Exception {
        Path description = Path.of("target/dicom-cmk.archive");
        assertTrue(Files.isRegularFile(description), "made by ./mvnw package");
        String file = Files.readAllLines(description).stream().filter(l -> l.startsWith("file="))
                .findFirst().orElseThrow().substring("file=".length());
        Path home = Files.createDirectories(dir.resolve("home"));
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(), "JAVA_HOME",
                System.getProperty("java.home")));
        env.put("DICOM_CMK_JAVA_OPTS", file.endsWith(".aot") ? "-XX:AOTMode=on" : "-Xshare:on");
        String[] args = {"--sandbox", "healthy", "validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg",
            "-q"};
        Run mapped = run(env, LAUNCHER, args);
        assertEquals(0, mapped.exit, mapped.err);
        assertEquals("", mapped.err);
        Run version = run(env, LAUNCHER, "--version", "-v");
        assertTrue(version.out.contains("Start-up archive: " + Path.of("target").toAbsolutePath().resolve(file)
                + " (mapped)"), version.out);
        java.util.Optional<Path> newer = newerJdk(24);
        if (newer.isPresent() && file.endsWith(".jsa")) {
            Map<String, String> other = Map.of("HOME", home.toString(), "JAVA_HOME", newer.get().toString());
            Run skipped = run(other, LAUNCHER, "--version", "-v");
            assertTrue(skipped.out.contains("Start-up archive: not used: ") && skipped.out.contains(
                    "was made by the JVM in " + System.getProperty("java.home")), skipped.out);
            Run works = run(other, LAUNCHER, args);
            assertEquals(0, works.exit, works.err);
            assertEquals(mapped.out, works.out);
        }
        try (var left = Files.list(home)) {
            assertEquals(List.of(), left.toList(), "nothing written to HOME");
        }
    }

    /** A JDK of at least this feature version under /usr/lib/jvm, by its release file. */
    private static java.util.Optional<Path> newerJdk(int feature) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return java.util.Optional.empty();
        }
        try (var homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java"))).filter(home -> {
                try {
                    var m = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(
                            Files.readString(home.resolve("release")));
                    return m.find() && Integer.parseInt(m.group(1)) >= feature;
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }).sorted().findFirst();
        }
    }

    /**
     * The JVM, the launcher and the libraries write files of their own unless told not to (the JVM's
     * /tmp/hsperfdata_USER/PID): traced, every run writes only into its state directory. Where strace cannot run,
     * sandboxStartServesAnotherProcess still checks the JVM's perf-data file.
     */
    @Test
    void writesOnlyIntoItsStateDirectory(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(FileWrites.traceable(), "strace (apt-get install strace) and leave to trace");
        FileWrites.assertWritesOnlyItsState(LAUNCHER, dir, Map.of("JAVA_HOME", System.getProperty("java.home")));
    }

    @Test
    void sandboxStartServesAnotherProcess(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Path log = dir.resolve("sandbox.log");
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "sandbox", "start", "--state-dir", state.toString(),
                "--scenario", "no-purge-protection", "--duration", "2m");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process server = pb.start();
        try {
            Path creds = state.resolve("credentials.env");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!(Files.exists(creds) && Files.readString(log).contains("listening"))) {
                assertTrue(Instant.now().isBefore(deadline), "sandbox did not start: " + Files.readString(log));
                Thread.sleep(100);
            }
            // a JVM keeps its perf-data file mapped while it runs: this one writes none (bin/dicom-cmk)
            String maps = Files.readString(Path.of("/proc/" + server.pid() + "/maps"));
            assertFalse(maps.contains("hsperfdata"), maps);
            Map<String, String> env = parseEnv(creds);
            Run r = run(env, LAUNCHER, "--cloud", state.toString(), "validate-key", "--service", "demo-ws/demo-dicom",
                    "--resource-group", "demo-rg", "-q");
            assertEquals(3, r.exit, r.out + r.err);
            assertTrue(r.out.contains("(VAULT-PURGE-PROTECTION)"), r.out);
            assertTrue(Files.readString(log).contains(". " + creds.toAbsolutePath()), Files.readString(log));
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** credentials.env holds `export NAME=value` or `NAME=value` lines: read as the launcher's training run reads it. */
    static Map<String, String> parseEnv(Path file) throws IOException {
        return Warmup.credentialsFile(file);
    }
}
