package dev.dicomcmk.cli;

import dev.dicomcmk.azure.AuthMode;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;

/** --auth values as written on the command line (managed-identity, not MANAGED_IDENTITY). */
final class AuthModeConverter implements CommandLine.ITypeConverter<AuthMode> {
    @Override
    public AuthMode convert(String value) {
        for (AuthMode m : AuthMode.values()) {
            if (m.cliName().equalsIgnoreCase(value.trim())) {
                return m;
            }
        }
        throw new CommandLine.TypeConversionException("'" + dev.dicomcmk.model.Text.shorten(value)
                + "' is not an auth mode; use one of " + String.join(", ", new Candidates()));
    }

    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(AuthMode.values()).map(AuthMode::cliName).iterator();
        }
    }
}
