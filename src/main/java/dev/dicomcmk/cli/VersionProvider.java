package dev.dicomcmk.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version Maven wrote into the jar at build time. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/dicomcmk/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The --version text as picocli prints it, without picocli: `dicom-cmk --version` alone is answered
     * before the command tree is built (which costs more than the rest of that run).
     */
    public static String[] plainVersion() {
        String[] lines = new VersionProvider().getVersion();
        for (int i = 0; i < lines.length; i++) {
            for (String p : new String[] {"java.version", "java.vendor", "os.name", "os.arch"}) {
                lines[i] = lines[i].replace("${" + p + "}", System.getProperty(p, ""));
            }
        }
        return lines;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"dicom-cmk " + version(),
            "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}"};
    }
}
