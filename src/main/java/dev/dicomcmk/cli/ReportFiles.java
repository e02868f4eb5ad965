package dev.dicomcmk.cli;

import dev.dicomcmk.files.PrivateFiles;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.output.JunitXmlWriter;
import dev.dicomcmk.output.SarifWriter;
import dev.dicomcmk.requirements.Report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** --junit and --sarif: checked before any Azure call, written atomically after the check. */
final class ReportFiles {

    static final String INFORMATION_URI = "https://github.com/dicom-cmk/dicom-cmk";

    private ReportFiles() {
    }

    /** --junit and --sarif checked before any work: a report that cannot be written is a usage error up front. */
    static void checkWritable(Path junit, Path sarif) {
        checkWritable(junit, "--junit");
        checkWritable(sarif, "--sarif");
    }

    static void checkWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            throw new InvalidInputException(option + " " + file + " names no file; give a file name");
        }
        ensureFolder(parent, option + " " + file);
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(option + " " + file + " is a folder; give a file name");
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new InvalidInputException(option + " " + file + " is not writable");
        }
    }

    /**
     * The folder an output option writes into, made with its missing parents (a CI job's fresh reports/ folder),
     * as `mkdir -p` would; a file in its place is a usage error.
     */
    static void ensureFolder(Path folder, String what) {
        if (Files.isDirectory(folder)) {
            return;
        }
        try {
            Files.createDirectories(folder);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new InvalidInputException(what + ": " + e.getFile() + " is a file, not a folder");
        } catch (IOException e) {
            throw new InvalidInputException(what + ": cannot create folder " + folder + " (" + e.getMessage() + ")");
        }
    }

    static void write(Path junit, Path sarif, List<Report> reports, boolean strict) {
        if (junit != null) {
            atomically(junit, w -> new JunitXmlWriter(strict).write(reports, w));
        }
        if (sarif != null) {
            atomically(sarif, w -> new SarifWriter(Version.VERSION, INFORMATION_URI, strict).write(reports, w));
        }
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    /** Writes beside the target and renames, so a reader never sees half a file (owner-only, never through a link). */
    private static void atomically(Path file, Body body) {
        try {
            PrivateFiles.writeAtomically(file, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                body.write(w);
                w.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
