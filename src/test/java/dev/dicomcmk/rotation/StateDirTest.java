package dev.dicomcmk.rotation;

import dev.dicomcmk.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** $DICOM_CMK_STATE_DIR for runners with no home: it replaces the XDG folder, and each cloud keeps its own folder in it. */
class StateDirTest {

    @Test
    void theVariableReplacesTheXdgFolderAndCloudsStayApart() {
        Map<String, String> env = Map.of(StateDir.ENV, "/mnt/share", "XDG_STATE_HOME", "/x", "HOME", "/h");
        assertEquals(Path.of("/mnt/share"), StateDir.of(env));
        assertEquals(Path.of("/mnt/share/management.azure.com"), StateDir.forCloud(env, "management.azure.com"));
        assertEquals(Path.of("/x/dicom-cmk"), StateDir.of(Map.of(StateDir.ENV, " ", "XDG_STATE_HOME", "/x")));
    }

    @Test
    void aRelativeVariableIsBadInput() {
        assertThrows(InvalidInputException.class, () -> StateDir.of(Map.of(StateDir.ENV, "relative/dir")));
    }
}
