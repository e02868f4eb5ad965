package dev.dicomcmk.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Runs the real command line in process and captures what it prints (STYLE.md point 12). */
public final class CliRunner {

    /** What one run produced. */
    public record Result(int exitCode, String out, String err, String[] args) {
        /** Everything a person would see, for assertion messages. */
        public String describe() {
            return "dicom-cmk " + String.join(" ", args) + "\n-> exit " + exitCode + "\n--- stdout ---\n" + out
                    + "--- stderr ---\n" + err;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    /** What a person types at the terminal on stdin; null: stdin is not a terminal (cron, CI). */
    private String terminalInput;

    public CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The environment the runs see (for a test that starts the CLI in a process of its own). */
    public Map<String, String> environment() {
        return Map.copyOf(env);
    }

    /** From now on stdin is a terminal at which a person types this (e.g. "n\n"). */
    public CliRunner terminalInput(String typed) {
        terminalInput = typed;
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        java.io.BufferedReader in = terminalInput == null ? null
                : new java.io.BufferedReader(new java.io.StringReader(terminalInput));
        int code = Cli.run(args, new CliEnvironment(new PrintWriter(out), new PrintWriter(err), env,
                terminalInput != null, Clock.systemUTC(), in));
        return new Result(code, out.toString(), err.toString(), Arrays.copyOf(args, args.length));
    }

    public static Result exec(String... args) {
        return new CliRunner().run(args);
    }
}
