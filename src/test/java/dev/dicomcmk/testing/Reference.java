package dev.dicomcmk.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where the official examples, recordings and documents live that some tests compare against. They are
 * not part of this repository (they are Microsoft's, and large), so a test that needs one is skipped, not
 * failed, where the folder is absent; the wire contracts every build needs are fixtures under
 * src/test/resources/wire. The location is the system property {@value #PROPERTY} (default: a
 * "shared/reference" folder beside the project), so CI can point it at a missing path to prove the
 * suite stands on its own.
 */
public final class Reference {

    public static final String PROPERTY = "dicomcmk.reference";
    private static final String DEFAULT = "../shared/reference";

    private Reference() {
    }

    /** The configured folder, whether or not it exists. */
    public static Path dir() {
        return Path.of(System.getProperty(PROPERTY, DEFAULT));
    }

    public static boolean present() {
        return Files.isDirectory(dir());
    }

    /** Skips the calling test (or class, from a {@code @BeforeAll}) where the folder is absent. */
    public static void assumePresent() {
        assumeTrue(present(), "reference folder not checked out here (" + PROPERTY + "=" + dir() + "): skipped");
    }

    /** A file of the reference folder; skips the calling test where it is absent. */
    public static Path file(String relative) {
        Path p = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(p), "reference file not checked out here: " + p + " (" + PROPERTY + "): skipped");
        return p;
    }
}
