package dev.dicomcmk.rotation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import dev.dicomcmk.files.PrivateFiles;

/**
 * Where rotate-key keeps its journal and locks. A real cloud's live under $XDG_STATE_HOME/dicom-cmk
 * (else ~/.local/state/dicom-cmk, the XDG base-directory rule for state that survives reboots), in a
 * folder per cloud named by its ARM endpoint's host: service ids repeat across clouds (and every
 * sandbox has the same ones), so one cloud's attempts must never be read, finished or locked by a run
 * against another. A rehearsal's state lives elsewhere (see the CLI's AzureContext).
 */
public final class StateDir {

    public static final String JOURNAL = "journal.jsonl";
    /**
     * The folder above every cloud's own, for a runner with no home between runs (an Azure Function, an
     * Automation runbook or a Container Apps job with a mounted file share); --state-dir overrides it.
     */
    public static final String ENV = "DICOM_CMK_STATE_DIR";
    /** The public cloud's ARM host: where a journal from before the per-cloud folders belongs. */
    public static final String PUBLIC_CLOUD_HOST = "management.azure.com";

    private StateDir() {
    }

    /** The folder above every cloud's own: $DICOM_CMK_STATE_DIR, else the XDG state folder. */
    public static Path of(Map<String, String> env) {
        Path chosen = fromEnv(env);
        if (chosen != null) {
            return chosen;
        }
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "dicom-cmk");
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".local", "state", "dicom-cmk");
    }

    /** $DICOM_CMK_STATE_DIR when it is set (an absolute path, else exit 2), or null. */
    public static Path fromEnv(Map<String, String> env) {
        String v = env.get(ENV);
        if (v == null || v.isBlank()) {
            return null;
        }
        Path p = Path.of(v);
        if (!p.isAbsolute()) {
            throw new dev.dicomcmk.model.InvalidInputException("$" + ENV + " must be an absolute path, got '"
                    + dev.dicomcmk.model.Text.shorten(v) + "'");
        }
        return p;
    }

    /** The folder of the cloud whose ARM endpoint is on this host, e.g. .../dicom-cmk/management.azure.com. */
    public static Path forCloud(Map<String, String> env, String armHost) {
        return forCloud(of(env), armHost);
    }

    /** The cloud's own folder under a chosen state folder (--state-dir): clouds never share a journal. */
    public static Path forCloud(Path base, String armHost) {
        String name = armHost.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "_");
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
            name = "_" + name;
        }
        return base.resolve(name);
    }

    /**
     * Moves a journal kept before journals were kept per cloud (…/dicom-cmk/journal.jsonl) into the
     * public cloud's folder, once, saying so: its attempts were made against the public cloud (the only
     * one most admins use) and must still be found. Only a regular file moves (never a link), and never
     * over a journal the folder already has; such a leftover is reported instead, each run, because the
     * attempts in it are no longer read.
     */
    public static void adoptUnscopedJournal(Map<String, String> env, Path publicCloudDir, Consumer<String> say) {
        Path old = of(env).resolve(JOURNAL);
        Path now = publicCloudDir.resolve(JOURNAL);
        if (!Files.isRegularFile(old, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.exists(now, LinkOption.NOFOLLOW_LINKS)) {
            say.accept("warning: " + old + " is a journal from before journals were kept per cloud and is not read; "
                    + "this cloud's journal is " + now + " (merge the two by hand, or remove the old one once its "
                    + "attempts are settled)");
            return;
        }
        try {
            PrivateFiles.createDirectories(publicCloudDir);
            try {
                Files.move(old, now, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(old, now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the journal " + old + " to " + now + ": " + e.getMessage()
                    + " (move it by hand, or pass --journal " + old + ")", e);
        }
        say.accept("note: moved the journal " + old + " to " + now + ": journals are kept per cloud now "
                + "(this happens once)");
    }
}
