package dev.dicomcmk.cli;

import picocli.CommandLine;

/** --version for picocli: the text of {@link Version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return Version.template();
    }
}
