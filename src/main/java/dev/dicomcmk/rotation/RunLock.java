package dev.dicomcmk.rotation;

import dev.dicomcmk.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One rotation at a time per service, across processes: an OS lock (FileChannel.tryLock) on a file
 * per service that also names its holder (PID and start time). The OS drops the lock when the
 * holder dies, however it dies; a clean exit also empties the file. So finding the lock free but
 * the file still naming a holder means that run was killed: the new run takes over and says so.
 * A link at the lock file's own path is refused (exit 2), never followed.
 */
public final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;
    private final LockHolder takenOverFrom;

    private RunLock(FileChannel channel, FileLock lock, LockHolder takenOverFrom) {
        this.channel = channel;
        this.lock = lock;
        this.takenOverFrom = takenOverFrom;
    }

    /** The lock file of a service: readable name plus a hash of the full ARM id (names may repeat across groups). */
    public static Path fileFor(Path stateDir, String serviceArmId, String shortName) {
        String readable = shortName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return stateDir.resolve("locks").resolve(readable + "-" + sha(serviceArmId.toLowerCase(Locale.ROOT)) + ".lock");
    }

    /**
     * Takes the lock or throws {@link LockedException} at once (never waits: an overlapping cron run
     * should leave, not queue up).
     */
    public static RunLock acquire(Path file, long pid, Instant started) {
        FileChannel ch = null;
        try {
            // never through a link at its path: the truncate below would empty whatever file the link names
            // (it holds a PID and a time only: a lock file others could read is tightened without a word)
            ch = PrivateFiles.openToUpdate(file, "the rotation lock", tightened -> { });
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            String previous = read(ch);
            if (lock == null) {
                ch.close();
                LockHolder holder = LockHolder.parse(previous);
                throw new LockedException("another rotate-key run holds the lock for this service"
                        + (holder == null ? "" : ": " + holder.describe()
                        + (holder.alive() ? "" : ", a PID no longer running (its lock is inherited by a child process)"))
                        + "; try again when it ends (lock file " + file + ")");
            }
            LockHolder stale = LockHolder.parse(previous);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(new LockHolder(pid, started).line().getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new RunLock(ch, lock, stale != null && stale.pid() != pid ? stale : null);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot take the rotation lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** The run that held the lock before and was killed without releasing it, or null. */
    public LockHolder takenOverFrom() {
        return takenOverFrom;
    }

    @Override
    public void close() {
        try {
            // empty first: a file that still names a holder is how the next run recognises a killed one
            channel.truncate(0);
            channel.force(true);
            lock.release();
        } catch (IOException ignored) {
            // the lock goes with the channel anyway
        } finally {
            closeQuietly(channel);
        }
    }

    private static String read(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 4096);
        ByteBuffer b = ByteBuffer.allocate((int) size);
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    private static String sha(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
