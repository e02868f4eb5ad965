package dev.dicomcmk.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTableRendererTest {
    private static final String ESC = "\u001b";

    private static String render(Style style, int width, boolean verbose, List<Report> reports) {
        StringWriter out = new StringWriter();
        new ReportTableRenderer(style, width, verbose).render(reports, out);
        return out.toString();
    }

    @Test
    void failIsColouredWhenAnsiIsOn() {
        String table = render(Style.of(true), 0, false, SampleReports.all());
        String failRow = table.lines().filter(l -> l.contains("KEY-SIZE")).findFirst().orElseThrow();
        assertTrue(failRow.startsWith(ESC + "["), failRow);
        assertTrue(failRow.contains("FAIL"), failRow);
    }

    @Test
    void noEscapeCharacterAnywhereWhenAnsiIsOff() {
        // the sample detail itself carries ESC and BEL: they must come out escaped, not raw
        String table = render(Style.of(false), 0, true, SampleReports.all());
        assertFalse(table.contains(ESC), table);
        assertFalse(table.contains("\u0007"), table);
        assertTrue(table.contains("'ops\\u001b[32mPASS\\u0007'"), table);
    }

    @Test
    void azureTextIsNeverReadAsPicocliMarkup() {
        Report report = new Report("/subscriptions/x/@|fg(green) PASS|@", null, Instant.EPOCH,
                List.of(Finding.fail(Requirement.KEY_SIZE, "name @|bold,fg(green) PASS|@")));
        String table = render(Style.of(true), 0, false, List.of(report));
        assertTrue(table.contains("name @|bold,fg(green) PASS|@"), table);
        assertTrue(table.contains("/subscriptions/x/@|fg(green) PASS|@"), table);
    }

    @Test
    void wrapsAtSpacesWithinTheWidthAndNeverSplitsAWord() {
        int width = 60;
        String longWord = "https://kv.vault.azure.net/keys/a-very-long-key-name-that-cannot-fit/0123456789abcdef";
        String detail = "the service points at " + longWord + " which is not the newest version of the key in the vault";
        Report report = new Report("svc", null, Instant.EPOCH, List.of(Finding.warn(Requirement.KEY_AUTO_ROTATION_GAP, detail)));
        String table = render(Style.PLAIN, width, false, List.of(report));

        List<String> rows = table.lines().skip(1).takeWhile(l -> !l.isEmpty()).toList();
        for (String row : rows) {
            assertTrue(row.length() <= width || row.strip().equals(longWord), "too wide: " + row);
        }
        List<String> words = rows.stream().takeWhile(r -> !r.strip().startsWith("fix:"))
                .flatMap(r -> Arrays.stream(r.strip().split(" +"))).skip(2).toList();
        assertEquals(Arrays.asList(detail.split(" ")), words);
    }

    @Test
    void summaryCountsEveryReport() {
        String table = render(Style.PLAIN, 0, false, SampleReports.all());
        assertTrue(table.endsWith("\n3 passed, 2 warned, 3 failed, 2 skipped\n"), table);
    }

    @Test
    void fixLinesOnlyUnderFailAndWarnAndSkipShowsItsReason() {
        String table = render(Style.PLAIN, 0, false, List.of(SampleReports.template()));
        List<String> lines = table.lines().toList();
        for (int i = 1; i < lines.size() - 1; i++) {
            String line = lines.get(i);
            boolean wantsFix = line.startsWith("FAIL") || line.startsWith("WARN");
            boolean isRow = wantsFix || line.startsWith("PASS") || line.startsWith("SKIP");
            if (isRow) {
                assertEquals(wantsFix, lines.get(i + 1).strip().startsWith("fix: "), table);
            }
        }
        assertEquals(2, lines.stream().filter(l -> l.strip().startsWith("fix: ")).count(), table);
        String skip = lines.stream().filter(l -> l.startsWith("SKIP")).findFirst().orElseThrow();
        assertTrue(skip.endsWith("not determinable offline: the key lives in Azure"), skip);
    }
}
