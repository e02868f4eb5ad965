package dev.dicomcmk.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What ReadmeExamplesTest forgives (ids, times, durations) and what it does not (anything else). */
class ExampleOutputTest {

    @Test
    void idsVersionsTimesPortsAndDurationsDoNotCount() {
        List<String> shown = List.of(
                "key: https://demo-kv.vault.sandbox.test/keys/demo-key/448123e8fdfacc4566ad497cc6e8289c  checked: 2026-11-29T09:00:00Z",
                "identity 3f6d8a2e-0b1c-4e9f-a7d4-6c2e5b8f1a09 deployment dicom-cmk-demo-ws-demo-dicom-83a0bd1daa08",
                "listening on https://127.0.0.1:41823 after 3s, 10 seconds ago, 19 minutes from now");
        List<String> actual = List.of(
                "key: https://demo-kv.vault.sandbox.test/keys/demo-key/0f1e2d3c4b5a69788796a5b4c3d2e1f0  checked: 2026-12-04T11:45:07.123Z",
                "identity 505a39ab-c070-4280-892c-c124eb0ea44d deployment dicom-cmk-demo-ws-demo-dicom-1d6638056774",
                "listening on https://127.0.0.1:35615 after 250ms, 11 seconds ago, 20 minutes from now");
        assertTrue(ExampleOutput.matches(shown, actual));
    }

    @Test
    void anyOtherChangeCounts() {
        assertFalse(ExampleOutput.matches(List.of("FAIL  KEY-SIZE  RSA 4096 bits"), List.of("PASS  KEY-SIZE  RSA 4096 bits")));
        assertFalse(ExampleOutput.matches(List.of("a"), List.of("a", "b")), "a line more");
        assertFalse(ExampleOutput.matches(List.of("a", "b"), List.of("a")), "a line less");
        assertFalse(ExampleOutput.matches(List.of("exit 3"), List.of("exit 6")));
        assertFalse(ExampleOutput.matches(List.of("10 minutes ago"), List.of("45 minutes ago")));
    }

    @Test
    void anElisionStandsForAnyLinesButTheRestMustMatch() {
        List<String> actual = List.of("head", "one", "two", "tail");
        assertTrue(ExampleOutput.matches(List.of("head", "...", "tail"), actual));
        assertTrue(ExampleOutput.matches(List.of("head", "one", "two", "...", "tail"), actual), "an elision of no lines");
        assertFalse(ExampleOutput.matches(List.of("head", "...", "other"), actual));
    }

    @Test
    void aRefreshKeepsTheExamplesElision() {
        List<String> shown = List.of("old head", "  ...", "old tail");
        assertEquals(List.of("h", "  ...", "t"), ExampleOutput.elideLike(shown, List.of("h", "x", "y", "t")));
        assertEquals(List.of("h", "t"), ExampleOutput.elideLike(shown, List.of("h", "t")), "nothing left to elide");
        assertEquals(List.of("h", "x"), ExampleOutput.elideLike(List.of("a", "b"), List.of("h", "x")));
    }

    @Test
    void commandLinesSplitLikeAShell() {
        assertEquals(List.of("dicom-cmk", "-o", "json", "a b", "c\"d", "&"),
                ShellWords.split("dicom-cmk -o json 'a b' \"c\\\"d\" &   # a comment"));
    }
}
