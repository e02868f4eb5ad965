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

    public CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The environment the runs see (for a test that starts the CLI in a process of its own). */
    public Map<String, String> environment() {
        return Map.copyOf(env);
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new CliEnvironment(new PrintWriter(out), new PrintWriter(err), env, false,
                Clock.systemUTC()));
        return new Result(code, out.toString(), err.toString(), Arrays.copyOf(args, args.length));
    }

    public static Result exec(String... args) {
        return new CliRunner().run(args);
    }
}
