package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.VaultKind;
import dev.dicomcmk.template.expressions.ArmExpressions;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's keyEncryptionKeyUrl as far as the template determines it: a literal URL (parsed
 * as the live check parses one), a URL built from parameters that have no value yet (vault and
 * key names symbolic), or {@code reference(<key>).keyUriWithVersion} / {@code .keyUri}, which name
 * the key declared in the template, versioned and versionless respectively.
 */
record KeyReference(Observed<String> text, Observed<KeyUrl> url) {

    private static final Pattern KEY_ID = Pattern.compile(
            "(?i).*/providers/Microsoft\\.KeyVault/(vaults|managedHSMs)/([^/]+)/keys/([^/]+)/?");

    static KeyReference of(JsonNode value, TemplateResources resources, DnsSuffixes dns) {
        Optional<RuntimeValue> runtime = resources.runtimeValue(value);
        if (runtime.isPresent()) {
            return fromReference(runtime.get(), resources, dns);
        }
        Optional<String> unresolved = ArmExpressions.unresolved(value)
                .map(u -> u.expression() + " (" + u.reason() + ")");
        if (unresolved.isPresent()) {
            return unknown(Symbols.notDeterminable(unresolved.get()));
        }
        if (!value.isTextual()) {
            return new KeyReference(Observed.known(value.toString()),
                    Observed.unknown("keyEncryptionKeyUrl is " + value.getNodeType().name().toLowerCase(Locale.ROOT)
                            + ", not a string"));
        }
        String text = value.textValue().strip();
        if (Symbols.isSymbolic(text)) {
            return fromSymbolicText(text, dns);
        }
        try {
            return new KeyReference(Observed.known(text), Observed.known(KeyUrl.parse(text, dns.keyVault(), dns.managedHsm())));
        } catch (InvalidInputException e) {
            return new KeyReference(Observed.known(text), Observed.unknown(e.getMessage()));
        }
    }

    private static KeyReference fromReference(RuntimeValue value, TemplateResources resources, DnsSuffixes dns) {
        boolean versioned = value.is("keyUriWithVersion") || value.is("properties", "keyUriWithVersion");
        boolean versionless = value.is("keyUri") || value.is("properties", "keyUri");
        Optional<String> id = resources.idOf(value.resourceId());
        Matcher m = id.map(KEY_ID::matcher).filter(Matcher::matches).orElse(null);
        if (!(versioned || versionless) || m == null) {
            return unknown(Symbols.notDeterminable(value.expression()));
        }
        VaultKind kind = m.group(1).equalsIgnoreCase("vaults") ? VaultKind.KEY_VAULT : VaultKind.MANAGED_HSM;
        String vault = m.group(2);
        String host = vault + "." + (kind == VaultKind.KEY_VAULT ? dns.keyVault() : dns.managedHsm());
        KeyUrl url = new KeyUrl(kind, vault, host, m.group(3), versioned ? Symbols.VERSION_AT_DEPLOYMENT : null);
        return new KeyReference(Observed.known(url.url()), Observed.known(url));
    }

    /** https://{parameters('kv')}.vault.azure.net/keys/{parameters('key')}/... : its shape is known, some names are not. */
    private static KeyReference fromSymbolicText(String text, DnsSuffixes dns) {
        Pattern shape = Pattern.compile("(?i)https://([^/]+)\\.(" + Pattern.quote(dns.keyVault()) + "|"
                + Pattern.quote(dns.managedHsm()) + ")/keys/([^/]+)(?:/([^/]+))?/?");
        Matcher m = shape.matcher(text);
        if (!m.matches()) {
            return unknown(Symbols.notDeterminable(Symbols.expression(text)));
        }
        VaultKind kind = m.group(2).equalsIgnoreCase(dns.keyVault()) ? VaultKind.KEY_VAULT : VaultKind.MANAGED_HSM;
        String host = m.group(1) + "." + m.group(2).toLowerCase(Locale.ROOT);
        return new KeyReference(Observed.known(text), Observed.known(new KeyUrl(kind, m.group(1), host, m.group(3), m.group(4))));
    }

    private static KeyReference unknown(String reason) {
        return new KeyReference(Observed.unknown(reason), Observed.unknown(reason));
    }
}
