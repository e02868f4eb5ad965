package dev.dicomcmk.rotation;

import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.VaultKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event reader alone: the shapes Event Grid delivers, and what it refuses (exit 2). */
class KeyVaultEventsTest {

    private static final String KV = "vault.azure.net";
    private static final String HSM = "managedhsm.azure.net";
    private static final String V = "ee059b2bb5bc48398a53b168c6cdcb10";

    private static List<KeyVaultEvent> parse(String text) {
        return KeyVaultEvents.parse(text, KV, HSM);
    }

    @Test
    void readsOnePerLineAndSdkCasingAndKeepsTheVaultsId() {
        String vault = "/subscriptions/2d7a9c41-5e8b-4f16-a3c2-9b0e7d5f1a84/resourceGroups/r/providers/Microsoft.KeyVault/vaults/sample-kv";
        String eg = "{\"id\":\"1\",\"topic\":\"" + vault + "\","
                + "\"subject\":\"newkey\",\"eventType\":\"Microsoft.KeyVault.KeyNewVersionCreated\",\"eventTime\":\"2019-07-25T21:19:43Z\","
                + "\"data\":{\"Id\":\"https://sample-kv.vault.azure.net/keys/newkey/" + V + "\",\"VaultName\":\"sample-kv\","
                + "\"ObjectType\":\"Key\",\"ObjectName\":\"newkey\",\"Version\":\"" + V + "\",\"NBF\":\"1559081980\",\"EXP\":1559082102},"
                + "\"dataVersion\":\"1\",\"metadataVersion\":\"1\"}";
        String sdk = "{\"eventType\":\"Microsoft.KeyVault.KeyExpired\",\"data\":{\"id\":\"https://my-kv.vault.azure.net/keys/k/"
                + V + "\",\"vaultName\":\"my-kv\",\"objectType\":\"Key\"}}";
        List<KeyVaultEvent> events = parse(eg + "\n" + sdk + "\n");
        assertEquals(2, events.size());
        assertEquals(KeyVaultEvent.Kind.NEW_VERSION, events.get(0).kind());
        assertEquals("https://sample-kv.vault.azure.net/keys/newkey/" + V, events.get(0).key().url());
        assertEquals("2019-07-25T21:19:43Z", events.get(0).time());
        assertEquals(vault, events.get(0).vaultId(), "the vault's ARM id, from Event Grid's topic");
        assertEquals(KeyVaultEvent.Kind.EXPIRED, events.get(1).kind());
        assertEquals(VaultKind.KEY_VAULT, events.get(1).key().kind());
        assertEquals(null, events.get(1).vaultId(), "no topic: no vault id");
    }

    @Test
    void refusesAManagedHsmKeyEventForManagedHsmPublishesNone() {
        String hsm = "{\"eventType\":\"Microsoft.KeyVault.KeyExpired\",\"data\":{\"id\":\"https://my-hsm.managedhsm.azure.net/keys/k/"
                + V + "\",\"vaultName\":\"my-hsm\",\"objectType\":\"Key\"}}";
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(hsm));
        assertTrue(e.getMessage().contains("Managed HSM publishes no Event Grid events"), e.getMessage());
        assertTrue(e.getMessage().contains("rotate-key --to-latest --uses-key https://my-hsm.managedhsm.azure.net/keys/k"),
                e.getMessage());
    }

    @Test
    void actsOnNewVersionsNewestFirstThenOnExpiries() {
        String other = "ab059b2bb5bc48398a53b168c6cdcb10";
        String text = event("KeyNearExpiry", V, "2026-01-03T00:00:00Z") + "\n" + event("KeyNewVersionCreated", V, "2026-01-01T00:00:00Z")
                + "\n" + event("KeyNewVersionCreated", other, "2026-01-02T00:00:00.1234567Z");
        List<KeyVaultEvent> ordered = KeyVaultEvents.inActingOrder(parse(text));
        assertEquals(List.of(other, V, V), ordered.stream().map(e -> e.key().version()).toList());
        assertEquals(KeyVaultEvent.Kind.NEAR_EXPIRY, ordered.get(2).kind());
    }

    private static String event(String type, String version, String time) {
        return "{\"eventType\":\"Microsoft.KeyVault." + type + "\",\"eventTime\":\"" + time + "\",\"data\":{\"Id\":"
                + "\"https://kv1.vault.azure.net/keys/k/" + version + "\"}}";
    }

    @Test
    void refusesWhatIsNotAVersionedKeyOfThisCloud() {
        Map<String, String> bad = Map.of(
                "{\"eventType\":\"Microsoft.KeyVault.KeyNewVersionCreated\",\"data\":{\"Id\":\"https://kv1.vault.azure.net/keys/k\"}}",
                "names no key version",
                "{\"eventType\":\"Microsoft.KeyVault.KeyNewVersionCreated\",\"data\":{\"Id\":\"https://kv1.vault.azure.cn/keys/k/" + V + "\"}}",
                "of this cloud",
                "{\"eventType\":\"Microsoft.KeyVault.KeyNewVersionCreated\",\"data\":{\"Id\":\"https://kv1.vault.azure.net/keys/k/" + V
                        + "\",\"ObjectName\":\"other\"}}",
                "does not match",
                "{\"specversion\":\"0.3\",\"type\":\"Microsoft.KeyVault.KeyNewVersionCreated\",\"data\":{}}",
                "not 1.0",
                "{\"eventType\":\"Microsoft.KeyVault.VaultAccessPolicyChanged\",\"data\":{}}",
                "not a Key Vault key event",
                "{\"eventType\":\"Microsoft.KeyVault.KeyNearExpiry\"}",
                "no data",
                "[1]",
                "not a JSON object",
                "{\"eventType\":",
                "not JSON");
        bad.forEach((text, expected) -> {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(text), text);
            assertTrue(e.getMessage().contains(expected), e.getMessage());
            assertTrue(e.getMessage().startsWith("--from-event: "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        });
    }
}
