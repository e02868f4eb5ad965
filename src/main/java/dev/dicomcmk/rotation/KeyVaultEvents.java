package dev.dicomcmk.rotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Text;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Key Vault key events as Event Grid delivers them: the Event Grid schema (eventType, topic, data)
 * or CloudEvents 1.0 (specversion, type, source, data); one event, a batch (an array), or one event per
 * line (a sandbox's events.jsonl). Everything it answers was checked: a key event of Key Vault, whose
 * data.Id is a versioned key URL of this cloud (a URL elsewhere is refused, never followed) and agrees
 * with the event's own vault, key and version fields. Anything else is one line of bad input (exit 2).
 */
public final class KeyVaultEvents {

    /** More events than Event Grid puts in one delivery (its batches are at most 5,000 events and 1 MB). */
    static final int MAX_EVENTS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Key Vault's ARM id, as Event Grid stamps a vault's events (topic, source). */
    private static final java.util.regex.Pattern VAULT_ID = java.util.regex.Pattern.compile(
            "(?i)/subscriptions/[0-9a-f-]{36}/resourceGroups/[-\\w._()]{1,90}/providers/Microsoft\\.KeyVault/vaults/[-a-z0-9]{3,24}");
    private static final String EXPECTED = "expected a Key Vault key event (Event Grid schema or CloudEvents 1.0), "
            + "a batch array of them, or one per line";

    private KeyVaultEvents() {
    }

    /** The events of the text, in the order given. */
    public static List<KeyVaultEvent> parse(String text, String keyVaultSuffix, String managedHsmSuffix) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("--from-event: the input is empty; " + EXPECTED);
        }
        List<JsonNode> nodes = new ArrayList<>();
        try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(text)) {
            while (values.hasNextValue()) {
                JsonNode v = values.nextValue();
                if (v.isArray()) {
                    v.forEach(nodes::add);
                } else {
                    nodes.add(v);
                }
                if (nodes.size() > MAX_EVENTS) {
                    throw new InvalidInputException("--from-event: more than " + MAX_EVENTS + " events in one input");
                }
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("--from-event: not JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "); " + EXPECTED);
        } catch (IOException e) {
            throw new InvalidInputException("--from-event: cannot read the input: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException("--from-event: not JSON; " + EXPECTED);
        }
        if (nodes.isEmpty()) {
            throw new InvalidInputException("--from-event: no event in the input; " + EXPECTED);
        }
        List<KeyVaultEvent> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String where = nodes.size() == 1 ? "--from-event: " : "--from-event: event " + (i + 1) + ": ";
            try {
                out.add(event(nodes.get(i), keyVaultSuffix, managedHsmSuffix));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(where + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The order to act on a delivery in: new versions first, newest first by event time (the rest of a key's
     * then find its services on a version at least as new and change nothing: one switch, not one per event),
     * then expiry events, so that they report what the new versions left pinned. An event whose time cannot be
     * read keeps its place among the new versions; the forward-only check keeps any order safe.
     */
    public static List<KeyVaultEvent> inActingOrder(List<KeyVaultEvent> events) {
        List<KeyVaultEvent> newVersions = new ArrayList<>(events.stream()
                .filter(e -> e.kind() == KeyVaultEvent.Kind.NEW_VERSION).toList());
        newVersions.sort(java.util.Comparator.comparing((KeyVaultEvent e) -> time(e),
                java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())));
        List<KeyVaultEvent> out = new ArrayList<>(newVersions);
        events.stream().filter(e -> e.kind() != KeyVaultEvent.Kind.NEW_VERSION).forEach(out::add);
        return out;
    }

    private static java.time.Instant time(KeyVaultEvent e) {
        try {
            return e.time() == null ? null : java.time.OffsetDateTime.parse(e.time()).toInstant();
        } catch (java.time.format.DateTimeParseException unreadable) {
            return null;
        }
    }

    private static KeyVaultEvent event(JsonNode e, String keyVaultSuffix, String managedHsmSuffix) {
        if (!e.isObject()) {
            throw new InvalidInputException("not a JSON object; " + EXPECTED);
        }
        boolean cloudEvent = e.has("specversion");
        String type = text(e, cloudEvent ? "type" : "eventType");
        if (cloudEvent && !"1.0".equals(text(e, "specversion"))) {
            throw new InvalidInputException("CloudEvents specversion '" + Text.shorten(text(e, "specversion"))
                    + "' is not 1.0");
        }
        if (type == null) {
            throw new InvalidInputException("no " + (cloudEvent ? "type" : "eventType") + "; " + EXPECTED);
        }
        KeyVaultEvent.Kind kind = KeyVaultEvent.Kind.of(type);
        if (kind == null) {
            throw new InvalidInputException(type.regionMatches(true, 0, "Microsoft.KeyVault.", 0, 19)
                    ? "'" + Text.shorten(type) + "' is not a Key Vault key event; rotate-key follows KeyNewVersionCreated, "
                    + "KeyNearExpiry and KeyExpired (filter the Event Grid subscription to them)"
                    : "unknown event type '" + Text.shorten(type) + "'; " + EXPECTED);
        }
        JsonNode data = e.get("data");
        if (data == null || !data.isObject()) {
            throw new InvalidInputException(kind.shortName() + " event has no data object");
        }
        String id = field(data, "Id");
        if (id == null) {
            throw new InvalidInputException(kind.shortName() + " event has no data.Id (the key version's URL)");
        }
        KeyUrl key;
        try {
            key = KeyUrl.parse(id, keyVaultSuffix, managedHsmSuffix);
        } catch (InvalidInputException bad) {
            throw new InvalidInputException("data.Id: " + bad.getMessage());
        }
        String topic = text(e, cloudEvent ? "source" : "topic");
        if (key.kind() == dev.dicomcmk.model.VaultKind.MANAGED_HSM
                || topic != null && topic.toLowerCase(Locale.ROOT).contains("/microsoft.keyvault/managedhsms/")) {
            // Microsoft's Managed HSM key rotation page: "Managed HSM does not support Event Grid Notifications"
            throw new InvalidInputException("data.Id " + Text.shorten(id) + " is a Managed HSM key, and Managed HSM publishes "
                    + "no Event Grid events (only Key Vault does), so no delivery of Azure's looks like this; follow an HSM "
                    + "key from cron instead: " + dev.dicomcmk.advice.Commands.rotateKeyUsers(key));
        }
        if (!key.isVersioned()) {
            throw new InvalidInputException("data.Id " + Text.shorten(id) + " names no key version");
        }
        agree(data, "ObjectType", "Key");
        agree(data, "ObjectName", key.keyName());
        agree(data, "Version", key.version());
        agree(data, "VaultName", key.vaultName());
        if (topic != null && !topic.toLowerCase(Locale.ROOT).endsWith("/" + key.vaultName().toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException((cloudEvent ? "source" : "topic") + " '" + Text.shorten(topic)
                    + "' is not the vault of data.Id (" + key.vaultName() + ")");
        }
        return new KeyVaultEvent(kind, key, text(e, "id"), text(e, cloudEvent ? "time" : "eventTime"),
                topic != null && VAULT_ID.matcher(topic).matches() ? topic : null);
    }

    /** A data field that is there must say what data.Id says: a forged or mangled event is refused, not guessed at. */
    private static void agree(JsonNode data, String name, String expected) {
        String v = field(data, name);
        if (v != null && !v.equalsIgnoreCase(expected)) {
            throw new InvalidInputException("data." + name + " '" + Text.shorten(v) + "' does not match data.Id (" + expected + ")");
        }
    }

    /** A data field by name, any casing (Event Grid's samples write Id and VaultName; SDK models write id, vaultName). */
    private static String field(JsonNode data, String name) {
        Iterator<Map.Entry<String, JsonNode>> fields = data.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equalsIgnoreCase(name) && f.getValue().isValueNode() && !f.getValue().isNull()) {
                return f.getValue().asText();
            }
        }
        return null;
    }

    private static String text(JsonNode e, String name) {
        JsonNode v = e.get(name);
        return v == null || !v.isValueNode() || v.isNull() ? null : v.asText();
    }
}
