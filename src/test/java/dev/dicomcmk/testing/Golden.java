package dev.dicomcmk.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compares what a user reads (tables, JSON, templates) with a committed file under
 * {@code src/test/resources/<folder>/}. Run with {@code -Dgolden.update=true} to rewrite the files
 * after an intended change, then review the diff.
 */
public final class Golden {
    private final Path dir;

    private Golden(Path dir) {
        this.dir = dir;
    }

    /** Golden files under src/test/resources/ + folder (e.g. "output" or "template/golden"). */
    public static Golden in(String folder) {
        return new Golden(Path.of("src", "test", "resources").resolve(folder));
    }

    public void assertMatches(String name, String actual) throws IOException {
        Path file = dir.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(file), () -> "no golden file " + file.toAbsolutePath()
                + "; create it with -Dgolden.update=true and review it");
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(expected, actual, () -> "output differs from " + file
                + " (if the change is intended: -Dgolden.update=true, then review the diff)");
    }
}
