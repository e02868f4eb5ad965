package dev.dicomcmk.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hostile inputs made from valid ones: a seeded {@link Random} (so a failure names its seed and
 * replays) applies one to three mutations — truncation, deletion, a character from a hostile pool
 * (controls, ESC, bidi overrides, lone surrogates, non-ASCII letters), an injected fragment
 * (quotes, brackets, an ARM expression, percent-escapes, a terminal escape), duplication, a very
 * long repeat, a case flip.
 */
public final class Fuzz {

    private static final String[] CHARS = {"\u0000", "\u0007", "\t", "\n", "\r", "\u001b", "\u007f", "\u009b", "\u202e",
        "\ufeff", "\u00e9", "\u043a", "\ud835\udd18", "\ud800", " ", "/", ":", ".", "-", "_", "%", "?", "#", "@", "\\",
        "0", "9", "a", "Z", "\"", "'", "[", "]", "{", "}", ",", "="};
    private static final String[] FRAGMENTS = {"[concat('a','b')]", "[[", "]]", "'", "\"", "\\\"", "')", "\u001b[31m",
        "\u001b]0;pwned\u0007", "%00", "%2F", "%252F", "../", "//", "https://", "http://", ":443", ":8443", ":99999",
        "?x=1", "#frag", "user@", "${jndi:ldap://x}", "{\"a\":", "null", "-1", "1e309", "P", "T", "9999999999999999999d"};

    private final Random random;

    public Fuzz(long seed) {
        this.random = new Random(seed);
    }

    /** n mutations of the seeds, the seeds themselves first. */
    public List<String> inputs(List<String> seeds, int n) {
        List<String> out = new ArrayList<>(seeds);
        while (out.size() < n) {
            out.add(mutate(seeds.get(random.nextInt(seeds.size()))));
        }
        return out;
    }

    public String mutate(String seed) {
        String s = seed;
        int ops = 1 + random.nextInt(3);
        for (int i = 0; i < ops; i++) {
            s = once(s);
        }
        return s;
    }

    private String once(String s) {
        int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
        return switch (random.nextInt(8)) {
            case 0 -> s.substring(0, at);
            case 1 -> s.isEmpty() || at == s.length() ? s : s.substring(0, at) + s.substring(at + 1);
            case 2 -> s.substring(0, at) + pick(CHARS) + s.substring(at);
            case 3 -> s.substring(0, at) + pick(FRAGMENTS) + s.substring(at);
            case 4 -> s.substring(0, at) + s.substring(at / 2, at) + s.substring(at);
            case 5 -> s.substring(0, at) + "x".repeat(1 + random.nextInt(random.nextBoolean() ? 300 : 100_000))
                    + s.substring(at);
            case 6 -> random.nextBoolean() ? s.toUpperCase(java.util.Locale.ROOT) : s.toLowerCase(java.util.Locale.ROOT);
            default -> s.isEmpty() || at == s.length() ? s : s.substring(0, at) + pick(CHARS) + s.substring(at + 1);
        };
    }

    private String pick(String[] pool) {
        return pool[random.nextInt(pool.length)];
    }

    /** A short, printable rendering of an input for failure messages. */
    public static String show(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + " chars)" : s;
        StringBuilder b = new StringBuilder();
        t.codePoints().forEach(c -> b.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)
                ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return b.toString();
    }
}
