package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        for (String fast : List.of("--version", "--help", "-V", "-h")) {
            List<String> args = run(env, LAUNCHER, fast).out.lines().toList();
            assertTrue(args.stream().noneMatch(a -> a.contains("TransparentHugePages") || a.contains("TLABSize")),
                    fast + ": " + args);
        }
    }

    /**
     * Without an AOT cache the interpreter asks to compile every 1,024 calls (fewer, later C1 compilations on a short
     * run); with one (a JDK 24+, its cache in the user's cache folder, keyed as the launcher keys it) the JIT keeps
     * its defaults, for the cache's method profiles, and the archive is relocated as usual.
     */
    @Test
    void compilesLaterExceptWithAnAotCache(@TempDir Path dir) throws Exception {
        Path home = standInJava(dir);
        Path java = home.resolve("bin/java");
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Map<String, String> env = Map.of("JAVA_HOME", home.toString(), "XDG_CACHE_HOME", cache.toString());
        String[] args = {"validate-key", "--service", "ws/dicom"};

        List<String> plain = run(Map.of("JAVA_HOME", env.get("JAVA_HOME"), "DICOM_CMK_CDS", "off"), LAUNCHER, args)
                .out.lines().toList();
        assertTrue(plain.contains("-XX:Tier0InvokeNotifyFreqLog=10"), plain.toString());

        // the cache file the launcher looks for: per jar path, then jar and JVM by size and mtime, then the JVM's path
        Path jar = LAUNCHER.getParent().getParent().resolve("target/dicom-cmk.jar").normalize();
        String meta = stat(jar) + "-" + stat(java) + "-";
        Path slot = Files.createDirectories(cache.resolve("dicom-cmk").resolve(jar.toString().replaceAll("[^A-Za-z0-9._-]", "_")));
        Path aot = slot.resolve(meta + java.toString().replaceAll("[^A-Za-z0-9._-]", "_") + ".aot");
        Files.writeString(aot, "stand-in");
        List<String> withAot = run(env, LAUNCHER, args).out.lines().toList();
        assertTrue(withAot.contains("-XX:AOTCache=" + aot), aot + " " + withAot);
        assertTrue(withAot.stream().noneMatch(a -> a.startsWith("-XX:Tier0InvokeNotifyFreqLog")), withAot.toString());
        assertTrue(!withAot.contains("-XX:ArchiveRelocationMode=0"), withAot.toString());
    }

    /** A JAVA_HOME under dir whose bin/java prints the arguments it gets, one per line, and exits 0. */
    private static Path standInJava(Path dir) throws IOException {
        Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        assertTrue(java.toFile().setExecutable(true));
        return dir.resolve("jdk");
    }

    /** What `stat -L -c %s-%Y` prints for a file: its size and mtime in seconds. */
    private static String stat(Path file) throws IOException {
        return Files.size(file) + "-" + Files.getLastModifiedTime(file).to(TimeUnit.SECONDS);
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
     * The first run of a jar on a JVM makes its start-up archive in the background, in the user's cache: a static
     * CDS archive on JDK 17, an AOT cache on a JDK 24+ when the machine has one (under /usr/lib/jvm). The next run
     * must be able to use it: -Xshare:on and -XX:AOTMode=on make the JVM fail when it cannot.
     */
    @Test
    void makesTheStartUpArchiveOnceAndTheNextRunMapsIt(@TempDir Path dir) throws Exception {
        Map<String, Path> jvms = new java.util.LinkedHashMap<>();
        jvms.put("jsa", Path.of(System.getProperty("java.home")));
        newerJdk(24).ifPresent(home -> jvms.put("aot", home));
        for (Map.Entry<String, Path> jvm : jvms.entrySet()) {
            Path cache = Files.createDirectories(dir.resolve(jvm.getKey()));
            Map<String, String> env = Map.of("JAVA_HOME", jvm.getValue().toString(), "XDG_CACHE_HOME", cache.toString());
            String[] args = {"--sandbox", "healthy", "validate-key", "--service", "demo-ws/demo-dicom", "-g", "demo-rg",
                "-q"};
            Run first = run(env, LAUNCHER, args);
            assertEquals(0, first.exit, first.err);
            Path archive = awaitFile(cache, "." + jvm.getKey(), Duration.ofMinutes(3));
            Map<String, String> strict = new HashMap<>(env);
            strict.put("DICOM_CMK_JAVA_OPTS", jvm.getKey().equals("aot") ? "-XX:AOTMode=on" : "-Xshare:on");
            Run next = run(strict, LAUNCHER, args);
            assertEquals(0, next.exit, archive + ": " + next.err);
            assertEquals(first.out, next.out);
            assertEquals("", next.err);
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

    private static Path awaitFile(Path root, String suffix, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (var files = Files.walk(root)) {
                var found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no *" + suffix + " under " + root + " after " + timeout);
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
