package dev.dicomcmk.cli;

import dev.dicomcmk.azure.CloudProfiles;

import java.util.Iterator;

/**
 * --cloud names for completion. --cloud also takes a profile file or folder, which picocli's candidates cannot
 * say: the completion generator adds file names to this option's case (see GeneratedDocsTest).
 */
final class CloudCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return CloudProfiles.builtInNames().iterator();
    }
}
