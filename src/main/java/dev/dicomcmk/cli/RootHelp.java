package dev.dicomcmk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * `dicom-cmk --help` (or `-h`) and nothing else, answered without picocli: its start, the root's model by
 * reflection (annotation proxies the JDK generates at run time) and the layout cost ~0.15 s, more than the
 * JVM itself. The text is picocli's own, rendered by {@link Cli#renderRootHelp} and kept as two resources
 * beside this class, plain and coloured (GeneratedDocsTest fails when they are stale). Like the
 * {@code --version} path in Main, nothing here may touch picocli.
 *
 * <p>The colours are chosen as picocli's {@code Ansi.AUTO} would choose them, where that is certain from
 * the environment alone; on Windows, or with the {@code picocli.ansi} property set, this run asks picocli.
 * The width is picocli's fixed 80 columns either way (the root does not follow the terminal's width).
 */
public final class RootHelp {

    static final String PLAIN = "root-help.txt";
    static final String COLOURED = "root-help.ansi.txt";

    private RootHelp() {
    }

    /** Whether the arguments ask for the root's help and nothing else. */
    public static boolean asked(String[] args) {
        return args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
    }

    /**
     * Prints the root's help as picocli would and returns true; false when only picocli can tell how
     * (then nothing was printed).
     *
     * @param console whether the JVM has a console (stdin and stdout a terminal), picocli's test for a TTY
     */
    public static boolean print(OutputStream out, Map<String, String> env, boolean console) {
        return print(out, colour(env, console, System.getProperty("os.name", ""), System.getProperty("picocli.ansi")));
    }

    /** As above, with the colour decided (null: picocli decides, nothing printed). */
    static boolean print(OutputStream out, Boolean colour) {
        if (colour == null) {
            return false;
        }
        byte[] text;
        try (InputStream in = RootHelp.class.getResourceAsStream(colour ? COLOURED : PLAIN)) {
            if (in == null) {
                return false;
            }
            text = in.readAllBytes();
        } catch (IOException e) {
            return false;
        }
        try {
            out.write(text);
            out.flush();
        } catch (IOException e) {
            // stdout closed (dicom-cmk --help | head -1): as picocli's PrintWriter, say nothing
        }
        return true;
    }

    /**
     * picocli 4.7's {@code Ansi.AUTO} outside Windows with no {@code picocli.ansi} property: off with NO_COLOR,
     * on with CLICOLOR_FORCE (other than 0), off with CLICOLOR=0 or ConEmuANSI=OFF, else on only on a TTY.
     * Null where picocli would look further (Windows consoles, jansi, the property).
     */
    static Boolean colour(Map<String, String> env, boolean console, String osName, String ansiProperty) {
        if (ansiProperty != null || osName.startsWith("Windows")) {
            return null;
        }
        if (env.get("NO_COLOR") != null) {
            return false;
        }
        String force = env.get("CLICOLOR_FORCE");
        if (force != null && !force.equals("0")) {
            return true;
        }
        if ("0".equals(env.get("CLICOLOR")) || "OFF".equals(env.get("ConEmuANSI"))) {
            return false;
        }
        return console;
    }
}
