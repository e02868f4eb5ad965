package dev.dicomcmk.cli;

/**
 * The version and the --version text, without picocli: Main answers `dicom-cmk --version` alone with this
 * before any command code loads, so nothing here may touch picocli (its classes are not in the JDK's
 * class-data archive and cost that run more than the rest of it). {@link VersionProvider} gives picocli
 * the same text.
 */
public final class Version {

    /** The version Maven wrote into the jar at build time (a compile-time constant: nothing is read to know it). */
    public static final String VERSION = BuildVersion.VERSION;

    /** The commit built, as the build found it: "unknown" when it was built outside a git checkout. */
    public static final String COMMIT = BuildVersion.COMMIT.startsWith("${") ? "unknown" : BuildVersion.COMMIT;

    private Version() {
    }

    /** The version lines with picocli's variables (picocli fills them in for --version). */
    static String[] template() {
        return new String[] {"dicom-cmk " + VERSION + " (commit " + COMMIT + ")",
            "Java ${java.runtime.version} (${java.vendor}), ${os.name} ${os.arch}"};
    }

    /** The --version text as picocli prints it, the variables filled in from the system properties. */
    public static String[] plainVersion() {
        String[] lines = template();
        for (int i = 0; i < lines.length; i++) {
            for (String p : new String[] {"java.runtime.version", "java.vendor", "os.name", "os.arch"}) {
                lines[i] = lines[i].replace("${" + p + "}", System.getProperty(p, ""));
            }
        }
        return lines;
    }

    /**
     * What `--version -v` adds: where the runtime is and what became of the start-up archive. bin/dicom-cmk tells
     * which archive it asked the JVM to map (dicomcmk.archive) or why it mapped none (dicomcmk.archive.skipped);
     * whether the JVM took it shows in java.vm.info ("sharing"; JDK 17 runs without any archive when it refuses
     * the one it was given).
     */
    static String[] verboseLines() {
        String archive = System.getProperty("dicomcmk.archive");
        String skipped = System.getProperty("dicomcmk.archive.skipped");
        String state;
        if (archive != null) {
            boolean sharing = System.getProperty("java.vm.info", "").contains("sharing");
            state = archive + (sharing ? " (mapped)"
                    : " (refused by the JVM: the jar or the runtime changed since it was made; rebuild it)");
        } else if (skipped != null) {
            state = "not used: " + skipped;
        } else {
            state = "not used: not started through bin/dicom-cmk";
        }
        return new String[] {"Runtime: " + System.getProperty("java.home", "?"), "Start-up archive: " + state};
    }
}
