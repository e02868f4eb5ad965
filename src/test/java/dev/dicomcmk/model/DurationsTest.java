package dev.dicomcmk.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTest {
    @Test
    void parsesShortAndIsoForms() {
        assertEquals(Duration.ofDays(90), Durations.parse("90d", "--x"));
        assertEquals(Duration.ofDays(14), Durations.parse("2w", "--x"));
        assertEquals(Duration.ofHours(12), Durations.parse("12h", "--x"));
        assertEquals(Duration.ofMinutes(30), Durations.parse("30m", "--x"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("45s", "--x"));
        assertEquals(Duration.ofDays(90), Durations.parse("P90D", "--x"));
        assertEquals(Duration.ofMinutes(30), Durations.parse("PT30M", "--x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "d", "-5d", "5y", "1.5d", "90 days", "P-1D", "PT", "9999999d", "P111111111111111111111111111111111111111111111111111111111111D"})
    void rejects(String bad) {
        assertThrows(InvalidInputException.class, () -> Durations.parse(bad, "--x"));
    }

    @Test
    void humanReadable() {
        assertEquals("41 days", Durations.human(Duration.ofDays(41)));
        assertEquals("10 minutes", Durations.human(Duration.ofMinutes(10)));
        assertEquals("3 hours", Durations.human(Duration.ofHours(3)));
    }
}
