package dev.dicomcmk.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Key Vault or Managed HSM key identifier, e.g.
 * {@code https://contoso.vault.azure.net/keys/dicom-key/0123456789abcdef0123456789abcdef}.
 * The version is null for a versionless URL (which the DICOM service must not be given).
 */
public record KeyUrl(VaultKind kind, String vaultName, String host, String keyName, String version) {

    private static final Pattern VAULT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]");
    private static final Pattern KEY_NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");
    private static final Pattern VERSION = Pattern.compile("[0-9a-fA-F]{32}");

    public boolean isVersioned() {
        return version != null;
    }

    /** The URL as Key Vault writes it (lower-case host, no trailing slash). */
    public String url() {
        return "https://" + host + "/keys/" + keyName + (version == null ? "" : "/" + version);
    }

    public String vaultUrl() {
        return "https://" + host;
    }

    public KeyUrl withVersion(String newVersion) {
        return new KeyUrl(kind, vaultName, host, keyName, newVersion);
    }

    @Override
    public String toString() {
        return url();
    }

    /**
     * Parses and validates a key URL for a cloud whose vaults live under keyVaultSuffix and whose
     * managed HSMs live under managedHsmSuffix. Every rejection says what is wrong and what a
     * valid URL looks like.
     */
    public static KeyUrl parse(String text, String keyVaultSuffix, String managedHsmSuffix) {
        String example = "https://<vault>." + keyVaultSuffix + "/keys/<key>/<32-hex-version>";
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("key URL is empty; expected " + example);
        }
        String t = text.strip();
        if (t.length() > 512) {
            throw new InvalidInputException("key URL is too long (" + t.length() + " characters); expected " + example);
        }
        if (!t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidInputException("key URL contains spaces, control or non-ASCII characters; expected " + example);
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("key URL is not a valid URL (" + e.getReason() + "); expected " + example);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new InvalidInputException("key URL must use https://, got '" + Text.shorten(t) + "'; expected " + example);
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidInputException("key URL must not carry user info, a query or a fragment; expected " + example);
        }
        if (uri.getPort() != -1 && uri.getPort() != 443) {
            throw new InvalidInputException("key URL must not name a port other than 443; expected " + example);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        VaultKind kind;
        String vaultName;
        if (host.endsWith("." + keyVaultSuffix)) {
            kind = VaultKind.KEY_VAULT;
            vaultName = host.substring(0, host.length() - keyVaultSuffix.length() - 1);
        } else if (host.endsWith("." + managedHsmSuffix)) {
            kind = VaultKind.MANAGED_HSM;
            vaultName = host.substring(0, host.length() - managedHsmSuffix.length() - 1);
        } else {
            throw new InvalidInputException("key URL host '" + Text.shorten(host) + "' is not a Key Vault (*."
                    + keyVaultSuffix + ") or Managed HSM (*." + managedHsmSuffix
                    + ") of this cloud; pass --cloud for another cloud");
        }
        if (!VAULT_NAME.matcher(vaultName).matches() || vaultName.contains("--")) {
            throw new InvalidInputException("key URL names an invalid " + kind.displayName() + " '"
                    + Text.shorten(vaultName) + "' (3-24 letters, digits and single hyphens, starting with a letter)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] parts = path.split("/", -1);
        if (parts.length < 3 || parts.length > 4 || !parts[0].isEmpty() || !"keys".equals(parts[1])) {
            throw new InvalidInputException("key URL path must be /keys/<key>/<version>, got '"
                    + Text.shorten(path) + "'; expected " + example);
        }
        String keyName = parts[2];
        if (!KEY_NAME.matcher(keyName).matches()) {
            throw new InvalidInputException("key URL names an invalid key '" + Text.shorten(keyName)
                    + "' (1-127 letters, digits and hyphens)");
        }
        String version = null;
        if (parts.length == 4) {
            version = parts[3];
            if (!VERSION.matcher(version).matches()) {
                throw new InvalidInputException("key URL version '" + Text.shorten(version)
                        + "' is not a key version (32 hexadecimal characters)");
            }
            version = version.toLowerCase(Locale.ROOT);
        }
        return new KeyUrl(kind, vaultName.toLowerCase(Locale.ROOT), host, keyName, version);
    }
}
