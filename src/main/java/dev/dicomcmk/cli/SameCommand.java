package dev.dicomcmk.cli;

import java.util.List;
import java.util.regex.Pattern;

/** The command line this run was started with, quoted for a POSIX shell: what someone else can run instead. */
final class SameCommand {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private SameCommand() {
    }

    static String of(DicomCmkCommand root) {
        List<String> args = root.spec.commandLine().getParseResult().originalArgs();
        StringBuilder s = new StringBuilder("dicom-cmk");
        for (String a : args) {
            s.append(' ').append(PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }
}
