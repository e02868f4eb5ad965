package dev.dicomcmk.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares rendered files with committed ones under {@code src/test/resources/template/golden/}.
 * Run with {@code -Dgolden.update=true} to rewrite them after an intended change, then review the diff.
 */
final class TemplateGolden {
    private static final Path DIR = Path.of("src", "test", "resources", "template", "golden");

    private TemplateGolden() {
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(file), () -> "no golden file " + file.toAbsolutePath()
                + "; create it with -Dgolden.update=true and review it");
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(expected, actual, () -> "rendered output differs from " + file
                + " (if the change is intended: -Dgolden.update=true, then review the diff)");
    }
}
