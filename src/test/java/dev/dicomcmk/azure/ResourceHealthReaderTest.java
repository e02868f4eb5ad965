package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.HealthFacts;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resource Health's answer read the way the official 2025-04-01 example writes it ("occuredTime", sic). */
class ResourceHealthReaderTest {

    @Test
    void readsTheOfficialExample() throws Exception {
        JsonNode example = Json.parse(Files.readString(Path.of(
                "../shared/reference/resourcehealth-examples/2025-04-01/AvailabilityStatus_GetByResource.json")));
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
