package dev.dicomcmk.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * --state-dir of the commands that keep a journal and locks (rotate-key, enable-identity, update-via-arm):
 * for runners with no home between runs. Not 'sandbox start --state-dir', the sandbox's own folder.
 */
public final class StateDirOption {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Keep the journal and locks under DIR/HOST (HOST the cloud's ARM host), e.g. a mounted Azure "
                    + "Files share for a runner with no home between runs (default: $DICOM_CMK_STATE_DIR, else "
                    + "$XDG_STATE_HOME/dicom-cmk). Not the folder of 'sandbox start --state-dir'.")
    Path dir;

    /** Hands the choice to the run's one resolver of the state folder. */
    void apply(AzureContext azure) {
        azure.stateDir(dir);
    }
}
