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

    private Version() {
    }

    /** The version lines with picocli's variables (picocli fills them in for --version). */
    static String[] template() {
        return new String[] {"dicom-cmk " + VERSION,
            "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}"};
    }

    /** The --version text as picocli prints it, the variables filled in from the system properties. */
    public static String[] plainVersion() {
        String[] lines = template();
        for (int i = 0; i < lines.length; i++) {
            for (String p : new String[] {"java.version", "java.vendor", "os.name", "os.arch"}) {
                lines[i] = lines[i].replace("${" + p + "}", System.getProperty(p, ""));
            }
        }
        return lines;
    }
}
