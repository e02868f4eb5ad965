package dev.dicomcmk;

import dev.dicomcmk.azure.HttpSelectorThreads;
import dev.dicomcmk.cli.Cli;
import dev.dicomcmk.cli.CliEnvironment;
import dev.dicomcmk.cli.RootHelp;
import org.fusesource.jansi.AnsiConsole;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Entry point: wires the real streams and environment to the command line and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // the one answer that needs no command tree: picocli's reflective model is most of a run's cost
            PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                    StandardCharsets.UTF_8), false);
            for (String line : dev.dicomcmk.cli.Version.plainVersion()) {
                out.println(line);
            }
            out.flush();
            // returned, not System.exit(0): no thread is left, so the JVM ends with 0 all the same, and on JDK 21+
            // Runtime.exit first looks up a System.Logger for its exit event, a service look-up over the class path
            // that opens the 21 MB jar and spins method handles (~300 classes, 40-70 ms of a 0.2 s --version)
            return;
        }
        boolean terminal = onTerminal();
        if (RootHelp.asked(args) && RootHelp.print(new FileOutputStream(FileDescriptor.out), System.getenv(), terminal)) {
            // the root's help as picocli renders it, without picocli's start-up (see RootHelp); returned, as above
            return;
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
        if (windows) {
            // only Windows consoles need jansi to understand ANSI colours; elsewhere it would only cost start-up time
            AnsiConsole.systemInstall();
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                StandardCharsets.UTF_8));
        // questions go to stderr and answers come from stdin: stdin alone tells whether someone can answer
        int code = Cli.run(args, new CliEnvironment(out, err, System.getenv(), stdinOnTerminal(),
                Clock.systemUTC(), in, stderrOnTerminal()));
        out.flush();
        err.flush();
        // the JVM's exit would wait 300 ms for the HTTP client's selector thread, idle in native code
        HttpSelectorThreads.releaseBeforeExit();
        System.exit(code);
    }

    /**
     * Whether stdin and stdout are a terminal, as picocli decides it for colours: a console that is a terminal.
     * JDK 22 and 23 give a console also when they are redirected (cron, a pipe) and tell it by
     * Console.isTerminal(), which JDK 17 lacks (there a console is always a terminal). On Linux the two ends'
     * device files tell the same without building a Console (its Formatter, charset and shutdown hook: ~17 ms of a
     * 0.15 s `--help` on a terminal).
     */
    static boolean onTerminal() {
        java.io.File fds = new java.io.File("/proc/self/fd");
        if (fds.isDirectory()) {
            try {
                return isTerminalDevice(new java.io.File(fds, "0").getCanonicalPath())
                        && isTerminalDevice(new java.io.File(fds, "1").getCanonicalPath());
            } catch (java.io.IOException | SecurityException unreadable) {
                // asked the console below
            }
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException beforeJava22) {
            return true;
        }
    }

    /**
     * Whether standard input is a terminal, so that a person can answer "go ahead?". Unlike
     * {@link #onTerminal} stdout does not count: {@code dicom-cmk enable-identity ... | tee log} still
     * has a person at the keyboard. System.console() needs both ends, so on Linux the device file of
     * fd 0 tells; elsewhere a console (both ends) is the best sign there is.
     */
    static boolean stdinOnTerminal() {
        java.io.File fd0 = new java.io.File("/proc/self/fd/0");
        if (fd0.getParentFile().isDirectory()) {
            try {
                return isTerminalDevice(fd0.getCanonicalPath());
            } catch (java.io.IOException | SecurityException unreadable) {
                // asked the console below
            }
        }
        return onTerminal();
    }

    /** Whether stderr, where progress goes, is a terminal (a live status line) or a log (timestamped lines). */
    static boolean stderrOnTerminal() {
        java.io.File fd = new java.io.File("/proc/self/fd/2");
        try {
            if (fd.exists()) {
                return isTerminalDevice(fd.getCanonicalPath());
            }
        } catch (java.io.IOException | SecurityException unreadable) {
            // no /proc: fall back to the console below
        }
        return System.console() != null && onTerminal();
    }

    /** A terminal's device file on Linux: a pseudo-terminal, a virtual or serial terminal, the console. */
    static boolean isTerminalDevice(String path) {
        return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty") || path.equals("/dev/console");
    }
}
