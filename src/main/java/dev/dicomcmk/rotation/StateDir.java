package dev.dicomcmk.rotation;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where rotate-key keeps its journal and locks: $XDG_STATE_HOME/dicom-cmk, else
 * ~/.local/state/dicom-cmk (the XDG base-directory rule for state that survives reboots).
 */
public final class StateDir {

    private StateDir() {
    }

    public static Path of(Map<String, String> env) {
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
}
