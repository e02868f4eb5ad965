package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.HealthFacts;
import dev.dicomcmk.testing.Reference;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resource Health's answer read the way Azure writes it ("occuredTime", sic). */
class ResourceHealthReaderTest {

    @Test
    void readsTheDocumentedContract() throws Exception {
        JsonNode body;
        try (InputStream in = getClass().getResourceAsStream("/wire/availability-status.json")) {
            assertNotNull(in);
            body = Json.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        HealthFacts h = ResourceHealthReader.parse(body);
        assertEquals("Unavailable", h.availabilityState());
        assertTrue(h.unavailable());
        assertEquals(Instant.parse("2026-01-01T08:30:00Z"), h.occurredTime(), "from the misspelt occuredTime");
        assertEquals("Unplanned", h.reasonType());
        assertEquals("The service cannot reach its encryption key.", h.summary());
    }

    /** Skipped where the reference folder is not checked out. */
    @Test
    void readsTheOfficialExample() throws Exception {
        JsonNode example = Json.parse(Files.readString(
                Reference.file("resourcehealth-examples/2025-04-01/AvailabilityStatus_GetByResource.json")));
        HealthFacts h = ResourceHealthReader.parse(example.path("responses").path("200").path("body"));
        assertEquals("Unavailable", h.availabilityState());
        assertTrue(h.unavailable());
        assertEquals(Instant.parse("2016-03-29T09:12:00Z"), h.occurredTime());
        assertEquals("Unplanned", h.reasonType());
        assertEquals("We're sorry, we couldn't automatically recover your virtual machine", h.summary());
    }

    @Test
    void availableWithEmptyReasonHasNoReason() {
        HealthFacts h = ResourceHealthReader.parse(Json.parse(
                "{\"properties\":{\"availabilityState\":\"Available\",\"reasonType\":\"\",\"occuredTime\":\"2026-01-01T00:00:00Z\"}}"));
        assertTrue(h.available());
        assertEquals(null, h.reasonType());
    }
}
