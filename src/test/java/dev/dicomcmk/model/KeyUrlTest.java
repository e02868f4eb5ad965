package dev.dicomcmk.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyUrlTest {

    private static final String V = "0123456789abcdef0123456789abcdef";

    private static KeyUrl parse(String s) {
        return KeyUrl.parse(s, "vault.azure.net", "managedhsm.azure.net");
    }

    @Test
    void parsesAVersionedVaultKey() {
        KeyUrl k = parse("https://Contoso-KV.vault.azure.net/keys/dicom-key/" + V.toUpperCase());
        assertEquals(VaultKind.KEY_VAULT, k.kind());
        assertEquals("contoso-kv", k.vaultName());
        assertEquals("dicom-key", k.keyName());
        assertEquals(V, k.version());
        assertEquals("https://contoso-kv.vault.azure.net/keys/dicom-key/" + V, k.url());
    }

    @Test
    void parsesManagedHsmAndVersionlessAndTrailingSlashAndPort443() {
        KeyUrl hsm = parse("https://myhsm.managedhsm.azure.net:443/keys/k1/");
        assertEquals(VaultKind.MANAGED_HSM, hsm.kind());
        assertNull(hsm.version());
        assertFalse(hsm.isVersioned());
        assertTrue(parse("https://kv1.vault.azure.net/keys/k/" + V + "/").isVersioned());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "http://kv1.vault.azure.net/keys/k/" + V, "ftp://kv1.vault.azure.net/keys/k/" + V,
        "https://kv1.vault.azure.net/secrets/k/" + V, "https://kv1.vault.azure.net/keys/k/" + V + "/extra",
        "https://kv1.vault.azure.net/keys/k/not-hex-version-not-hex-version-xx", "https://kv1.vault.azure.net/keys/k/abc",
        "https://kv1.example.com/keys/k/" + V, "https://vault.azure.net/keys/k/" + V,
        "https://kv1.vault.azure.net:8443/keys/k/" + V, "https://user@kv1.vault.azure.net/keys/k/" + V,
        "https://kv1.vault.azure.net/keys/k/" + V + "?api-version=7.5", "https://kv1.vault.azure.net/keys/k/" + V + "#x",
        "https://kv1.vault.azure.net/keys/k_y/" + V, "https://kv1.vault.azure.net/keys//" + V,
        "https://k.vault.azure.net/keys/k/" + V, "https://1kv.vault.azure.net/keys/k/" + V,
        "https://kv--1.vault.azure.net/keys/k/" + V, "https://kv1.vault.azure.net/keys/ключ/" + V,
        "https://kv1.vault.azure.net/keys/k\u001b[31m/" + V, "https://kv1.vault.azure.net", "not a url at all",
        "https://kv1.vault.azure.net/keys"})
    void rejectsWithAOneLineMessage(String bad) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(bad));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
    }

    @Test
    void rejectsVeryLongValues() {
        String longName = "k".repeat(5000);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> parse("https://kv1.vault.azure.net/keys/" + longName + "/" + V));
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }
}
