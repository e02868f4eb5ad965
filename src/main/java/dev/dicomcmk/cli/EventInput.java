package dev.dicomcmk.cli;

import dev.dicomcmk.azure.CloudProfile;
import dev.dicomcmk.model.InputFiles;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.rotation.KeyVaultEvent;
import dev.dicomcmk.rotation.KeyVaultEvents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** rotate-key --from-event's input: a file (or - for stdin, as a Function or runbook pipes it), read bounded, parsed for this cloud. */
final class EventInput {

    private EventInput() {
    }

    static List<KeyVaultEvent> read(String source, CliEnvironment env, CloudProfile cloud) {
        return KeyVaultEvents.parse(text(source, env), cloud.keyVaultDnsSuffix(), cloud.managedHsmDnsSuffix());
    }

    private static String text(String source, CliEnvironment env) {
        if ("-".equals(source)) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            try {
                for (int n; (n = env.in().read(buf)) > 0; ) {
                    sb.append(buf, 0, n);
                    if (sb.length() > InputFiles.MAX_BYTES) {
                        throw new InvalidInputException("--from-event -: stdin holds more than "
                                + (InputFiles.MAX_BYTES / (1024 * 1024)) + " MiB; is it the event?");
                    }
                }
            } catch (IOException e) {
                throw new InvalidInputException("--from-event -: cannot read stdin: " + e.getMessage());
            }
            return sb.toString();
        }
        try {
            return new String(InputFiles.readBounded(Path.of(source)), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("--from-event: no such file " + source);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new InvalidInputException("--from-event: cannot read " + source + ": " + e.getMessage());
        }
    }
}
