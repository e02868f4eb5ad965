package dev.dicomcmk.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every file a command and the processes it starts try to write, as strace sees the system calls: opens for writing
 * or creating, mkdir, rename, link, symlink, unlink and truncate, whether they succeed or not. The tool promises to
 * write nothing at run time outside its state directory; the JVM, the launcher and the libraries under it write
 * files of their own unless told not to (the JVM's /tmp/hsperfdata_USER/PID, for one), which no test of the tool's
 * own code sees.
 */
public final class FileWrites {

    private static final String CALLS = "open,openat,openat2,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,"
            + "symlink,symlinkat,unlink,unlinkat,rmdir,truncate";
    /** A call's first path argument, and the directory it is relative to when strace -y decoded one. */
    private static final Pattern CALL = Pattern.compile(
            "^\\d+\\s+(\\w+)\\((?:([A-Z_]+|-?\\d+)(?:<([^>]*)>)?,\\s*)?\"((?:[^\"\\\\]|\\\\.)*)\"(.*)$");
    private static final Pattern SECOND_PATH = Pattern.compile(
            ",\\s*(?:([A-Z_]+|-?\\d+)(?:<([^>]*)>)?,\\s*)?\"((?:[^\"\\\\]|\\\\.)*)\"");

    private FileWrites() {
    }

    /** A command's exit, its output and the absolute paths it tried to write (relative ones against its folder). */
    public record Traced(int exit, String out, String err, List<String> written) {
    }

    /** Whether strace is installed here and allowed to trace (a container may forbid ptrace). */
    public static boolean traceable() {
        try {
            Process p = new ProcessBuilder("strace", "-f", "-qq", "-o", "/dev/null", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs cmd in folder cwd with env added to this process's environment, under strace. */
    public static Traced run(List<String> cmd, Map<String, String> env, Path cwd) throws IOException,
            InterruptedException {
        Path log = Files.createTempFile("strace", ".log");
        Path out = Files.createTempFile("traced-out", ".txt");
        Path err = Files.createTempFile("traced-err", ".txt");
        try {
            List<String> traced = new ArrayList<>(List.of("strace", "-f", "-qq", "-y", "-s", "4096", "-o",
                    log.toString(), "-e", "trace=" + CALLS));
            traced.addAll(cmd);
            ProcessBuilder pb = new ProcessBuilder(traced).directory(cwd.toFile());
            pb.environment().putAll(env);
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            List<String> written = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                written.addAll(writes(line, cwd));
            }
            return new Traced(p.exitValue(), Files.readString(out), Files.readString(err), written);
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The paths one strace line writes: none for a read-only open, a stat or a line strace could not finish. */
    static List<String> writes(String line, Path cwd) {
        Matcher m = CALL.matcher(line);
        if (!m.matches()) {
            return List.of();
        }
        String call = m.group(1);
        String path = absolute(m.group(2), m.group(3), m.group(4), cwd);
        String rest = m.group(5);
        switch (call) {
            case "open", "openat", "openat2" -> {
                // the flags, before the result (whose decoded path could read anything); openat2's sit in a struct
                int end = rest.indexOf(") = ");
                String flags = end < 0 ? rest : rest.substring(0, end);
                return flags.matches("(?s).*\\bO_(CREAT|TRUNC|APPEND|WRONLY|RDWR)\\b.*") ? List.of(path) : List.of();
            }
            case "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat" -> {
                Matcher second = SECOND_PATH.matcher(rest);
                String to = second.find() ? absolute(second.group(1), second.group(2), second.group(3), cwd) : "?";
                // a symlink's first argument is what the link says, not a file it writes
                return call.startsWith("symlink") ? List.of(to) : List.of(path, to);
            }
            default -> {
                return List.of(path);
            }
        }
    }

    private static String absolute(String dirArg, String decodedDir, String path, Path cwd) {
        String p = path.replace("\\\"", "\"").replace("\\\\", "\\");
        if (p.startsWith("/")) {
            return p;
        }
        if (decodedDir != null) {
            return decodedDir + "/" + p;
        }
        if (dirArg == null || dirArg.equals("AT_FDCWD")) {
            // a call without a folder argument (mkdir, unlink, ...) is relative to a working folder strace does not
            // show: the one the command started in. A process that changed folder is still caught, as a write into
            // that starting folder, which no test allows.
            return cwd.resolve(p).toString();
        }
        return "?fd" + dirArg + "/" + p;
    }

    /**
     * Runs the launcher at tool as a user would (HOME an empty folder, the state directory named by
     * DICOM_CMK_STATE_DIR) for --version, --help, a read (validate-key) and a write (rotate-key) in a sandbox
     * rehearsal, and checks that each writes only into its state: the state directory, a rehearsal's own temporary
     * folder (gone when the run ends), and the devices and /proc. Nothing in HOME, /tmp or the working folder.
     */
    public static void assertWritesOnlyItsState(Path tool, Path dir, Map<String, String> env) throws IOException,
            InterruptedException {
        Path home = Files.createDirectories(dir.resolve("traced-home"));
        Path state = dir.resolve("traced-state");
        Path cwd = Files.createDirectories(dir.resolve("traced-cwd"));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("HOME", home.toString());
        all.put("DICOM_CMK_STATE_DIR", state.toString());
        String service = "demo-ws/demo-dicom";
        List<List<String>> runs = List.of(List.of("--version"), List.of("--help"),
                List.of("--sandbox", "healthy", "validate-key", "--service", service, "-g", "demo-rg", "-q"),
                List.of("--sandbox", "healthy", "rotate-key", "--service", service, "-g", "demo-rg", "--new-version",
                        "--verify-for", "1s", "-y", "-q"));
        java.util.Set<String> stray = new java.util.LinkedHashSet<>();
        for (List<String> args : runs) {
            List<String> cmd = new ArrayList<>(List.of(tool.toString()));
            cmd.addAll(args);
            Traced t = run(cmd, all, cwd);
            assertEquals(0, t.exit(), args + ": " + t.out() + t.err());
            for (String path : t.written()) {
                if (path.startsWith("/tmp/dicom-cmk-rehearsal-")) {
                    String folder = path.substring(0, indexOfOrEnd(path, '/', "/tmp/".length()));
                    assertFalse(Files.exists(Path.of(folder)), args + " left its rehearsal behind: " + folder);
                } else if (!(path.startsWith(state + "/") || state.startsWith(Path.of(path)) // (its folders made)
                        || path.equals("/dev/null") || path.equals("/dev/tty") || path.startsWith("/proc/"))) {
                    stray.add(args.get(0) + (args.size() > 2 ? " " + args.get(2) : "") + ": " + path);
                }
            }
        }
        assertEquals(List.of(), List.copyOf(stray), "written outside the state directory");
        try (var left = Files.list(home)) {
            assertEquals(List.of(), left.toList(), "nothing written to HOME");
        }
    }

    private static int indexOfOrEnd(String s, char c, int from) {
        int i = s.indexOf(c, from);
        return i < 0 ? s.length() : i;
    }
}
