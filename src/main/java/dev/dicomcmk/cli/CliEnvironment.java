package dev.dicomcmk.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What a run gets from outside: its output streams, its environment variables, whether a person
 * sits at a terminal (and what they type), and the local clock. Tests pass their own.
 *
 * <p>{@code interactive}: standard input is a terminal, so someone can answer a question. It says
 * nothing about stdout, which may be piped ({@code ... | tee log}) while a person still types.
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive,
                             Clock clock, java.io.BufferedReader in) {

    public CliEnvironment {
        env = Map.copyOf(env);
        in = in == null ? new java.io.BufferedReader(java.io.Reader.nullReader()) : in;
    }

    /** Without standard input (tests, generators): nothing to read, never interactive questions answered. */
    public CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive, Clock clock) {
        this(out, err, env, interactive, clock, null);
    }

    public String getenv(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
