package dev.dicomcmk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and the --version text, without picocli: Main answers `dicom-cmk --version` alone with this
 * before any command code loads, so nothing here may touch picocli (its classes are not in the JDK's
 * class-data archive and cost that run more than the rest of it). {@link VersionProvider} gives picocli
 * the same text.
 */
public final class Version {

    private Version() {
    }

    /** The version Maven wrote into the jar at build time. */
    public static String version() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/dicomcmk/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The version lines with picocli's variables (picocli fills them in for --version). */
    static String[] template() {
        return new String[] {"dicom-cmk " + version(),
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
