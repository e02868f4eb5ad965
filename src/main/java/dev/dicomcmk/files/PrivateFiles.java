package dev.dicomcmk.files;

import dev.dicomcmk.model.InvalidInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one way dicom-cmk writes its own files (journal, locks, reports, rendered templates, the
 * sandbox's state and credentials): owner-only (0600, folders it creates 0700), and never through a
 * symbolic link at the file's own path. Folders above the file may be links (a symlinked
 * ~/.local/state is common); the file itself being one would let whoever planted it redirect our
 * writes onto a file of their choosing, so it is refused. An existing file readable by others is
 * tightened, with a warning, before it is used.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<?> OWNER_ONLY_FILE = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    private static final FileAttribute<?> OWNER_ONLY_DIR = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------"));

    private PrivateFiles() {
    }

    /** Writes content into a file; see {@link #writeAtomically(Path, Body)}. */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        writeAtomically(file, out -> out.write(content));
    }

    /** What goes into a file written by {@link #writeAtomically(Path, Body)}. */
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes an owner-only temporary file beside the target and renames it over the target: a reader
     * never sees half a file, and a link planted at the target's path is replaced, not followed.
     */
    public static void writeAtomically(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        createDirectories(target.getParent());
        Path tmp = posix() ? Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp", OWNER_ONLY_FILE)
                : Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                 OutputStream out = Channels.newOutputStream(ch)) {
                body.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Opens a file to append records (created owner-only when missing). Refuses a link or anything
     * but a regular file at its path; tightens an existing file that others could read, saying so.
     *
     * @param what  what the file is, for the messages ("the journal")
     * @param warn  where the tightening is reported
     */
    public static FileChannel openToAppend(Path file, String what, Consumer<String> warn) throws IOException {
        return open(file, what, warn, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Opens a file to read and rewrite in place (a lock file), as {@link #openToAppend} guards it. */
    public static FileChannel openToUpdate(Path file, String what, Consumer<String> warn) throws IOException {
        return open(file, what, warn, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Opens an existing file to read, refusing a link at its path; null when there is no file. */
    public static FileChannel openToRead(Path file, String what) throws IOException {
        BasicFileAttributes attrs = attributes(file);
        if (attrs == null) {
            return null;
        }
        refuseUnlessRegular(file, what, attrs);
        try {
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (FileSystemException e) {
            throw refusalIfLink(file, what, e);
        }
    }

    /** Refuses a link or a non-regular file at the path before anything is done with it; a missing file is fine. */
    public static void checkPath(Path file, String what) throws IOException {
        BasicFileAttributes attrs = attributes(file);
        if (attrs != null) {
            refuseUnlessRegular(file, what, attrs);
        }
    }

    /** Creates the folder and the missing ones above it owner-only; existing folders (and links to them) are kept. */
    public static void createDirectories(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        if (posix()) {
            Files.createDirectories(dir, OWNER_ONLY_DIR);
        } else {
            Files.createDirectories(dir);
        }
    }

    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileChannel open(Path file, String what, Consumer<String> warn, OpenOption... options)
            throws IOException {
        checkPath(file, what);
        createDirectories(file.toAbsolutePath().getParent());
        Set<OpenOption> all = new HashSet<>(Set.of(options));
        all.add(LinkOption.NOFOLLOW_LINKS);
        FileChannel ch;
        try {
            ch = posix() ? FileChannel.open(file, all, OWNER_ONLY_FILE) : FileChannel.open(file, all);
        } catch (FileSystemException e) {
            throw refusalIfLink(file, what, e);
        }
        try {
            refuseUnlessRegular(file, what, attributes(file));
            tighten(file, what, warn);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** An existing file others can read or write: owner-only from now on (it names services and keys). */
    private static void tighten(Path file, String what, Consumer<String> warn) throws IOException {
        if (!posix()) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> now = view.readAttributes().permissions();
        if (!OWNER_ONLY.containsAll(now)) {
            view.setPermissions(OWNER_ONLY);
            warn.accept(what + " " + file + " was " + PosixFilePermissions.toString(now)
                    + ", readable or writable by others; made it owner-only (rw-------)");
        }
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void refuseUnlessRegular(Path file, String what, BasicFileAttributes attrs) {
        if (attrs == null) {
            return;
        }
        if (attrs.isSymbolicLink()) {
            throw linkRefused(file, what);
        }
        if (!attrs.isRegularFile()) {
            throw new UnsafeFileException(what + " " + file + " is not a regular file; move it away");
        }
    }

    private static UnsafeFileException linkRefused(Path file, String what) {
        return new UnsafeFileException(what + " " + file + " is a symbolic link; dicom-cmk does not write or read "
                + "its files through one: remove the link (a link to a folder above it is fine)");
    }

    /** A link swapped in between the check and the open makes the open fail (ELOOP): say so plainly. */
    private static IOException refusalIfLink(Path file, String what, FileSystemException e) {
        if (Files.isSymbolicLink(file)) {
            throw linkRefused(file, what);
        }
        return e;
    }

    /** A file of ours whose path is a link or not a regular file: refused as bad input (exit 2). */
    public static final class UnsafeFileException extends InvalidInputException {
        public UnsafeFileException(String message) {
            super(message);
        }
    }
}
