package dev.dicomcmk.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the files a user names (templates, parameters, cloud profiles) with a ceiling, so that a wrong path
 * such as /dev/zero or a multi-gigabyte log ends in one line and exit 2, not an out-of-memory trace.
 */
public final class InputFiles {

    /** Far above any ARM template (ARM itself refuses templates over 4 MB) or cloud profile. */
    public static final int MAX_BYTES = 32 * 1024 * 1024;

    private InputFiles() {
    }

    /** Thrown when the file holds more than {@link #MAX_BYTES}. */
    public static final class TooLarge extends IOException {
        public TooLarge(Path file) {
            super(file + " holds more than " + (MAX_BYTES / (1024 * 1024)) + " MiB; is it the right file?");
        }
    }

    /** Every byte of the file, or {@link TooLarge} once it passes {@link #MAX_BYTES} (devices and pipes too). */
    public static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new TooLarge(file);
            }
            return bytes;
        }
    }
}
