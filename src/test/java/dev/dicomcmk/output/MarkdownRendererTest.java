package dev.dicomcmk.output;

import dev.dicomcmk.requirements.Report;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names from Azure cannot break a Markdown table, inject HTML or a link, or reach a terminal raw. */
class MarkdownRendererTest {

    @Test
    void cellsEscapePipesHtmlLinksAndControls() {
        assertEquals("a\\|b \\<img src=x\\> \\[x\\]\\(y\\) \\\\u001b\\[31m", MarkdownRenderer.cell("a|b <img src=x> [x](y) \u001b[31m"));
        assertEquals("one two", MarkdownRenderer.cell("one\ntwo"));
    }

    @Test
    void anUnreadableServiceIsARowWithItsReason() {
        StringWriter out = new StringWriter();
        List<FleetEntry> entries = List.of(
                FleetEntry.checked("rg/ws/ok", new Report("s", "https://v.vault.azure.net/keys/k/123", null, List.of())),
                FleetEntry.unreadable("rg/ws/gone|x", "not found"));
        new MarkdownRenderer(false).renderFleet("t", entries, FleetSummary.of(entries, false, 2), out);
        String md = out.toString();
        assertTrue(md.contains("| rg/ws/ok | k/123 | OK | – |\n"), md);
        assertTrue(md.contains("| rg/ws/gone\\|x | – | ERROR | not found |\n"), md);
        assertTrue(md.contains("**2 services: 1 ok, 0 warned, 0 failed, 1 not checked \\(2 without a customer\\-managed"
                .replace("\\-", "-") ), md);
        assertFalse(md.contains("gone|x"), md);
    }
}
