package dev.dicomcmk.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What a run gets from outside: its output streams, its environment variables, whether a person
 * sits at a terminal, and the local clock. Tests pass their own.
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive,
                             Clock clock) {

    public CliEnvironment {
        env = Map.copyOf(env);
    }

    public String getenv(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
