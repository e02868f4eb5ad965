package dev.dicomcmk.cli;

import dev.dicomcmk.identity.GrantScope;
import picocli.CommandLine;

/** --scope key|vault. */
final class GrantScopeConverter implements CommandLine.ITypeConverter<GrantScope> {
    @Override
    public GrantScope convert(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "key" -> GrantScope.KEY;
            case "vault" -> GrantScope.VAULT;
            default -> throw new CommandLine.TypeConversionException("'" + dev.dicomcmk.model.Text.shorten(value)
                    + "' is not a scope; use key or vault");
        };
    }
}
