package dev.dicomcmk.cli;

import dev.dicomcmk.app.RotateKey;

import java.util.List;
import java.util.function.Consumer;

/** What rotate-key's use case tells and asks, said and asked on the terminal (or refused without one). */
final class RotationListener implements RotateKey.Listener {

    private final DicomCmkCommand root;
    private final Consumer<String> progress;

    RotationListener(DicomCmkCommand root, Consumer<String> progress) {
        this.root = root;
        this.progress = progress;
    }

    @Override
    public void progress(String status) {
        progress.accept(status);
    }

    @Override
    public void confirm(String question) {
        Confirmation.confirm(root, question);
    }

    @Override
    public void confirm(List<String> shown, String question) {
        Confirmation.confirm(root, shown, question);
    }

    /** The --verify-for countdown redraws the status line; nothing at all with -q. */
    @Override
    public void waiting(String status) {
        if (!root.global().quiet()) {
            root.progress().update(status);
        }
    }
}
