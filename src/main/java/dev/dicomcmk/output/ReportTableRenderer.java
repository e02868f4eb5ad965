package dev.dicomcmk.output;

import dev.dicomcmk.model.Text;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The human view of reports:
 *
 * <pre>
 * SUBJECT  key: URL  checked: 2025-03-04T05:06:07Z
 * FAIL  KEY-SIZE      RSA 4096 bits; the DICOM service accepts 2048 or 3072
 *                     fix: Create a 2048-bit or 3072-bit RSA key; ...
 * PASS  KEY-ENABLED   enabled, no expiry
 *
 * 1 passed, 0 warned, 1 failed, 0 skipped
 * </pre>
 *
 * Every string that may come from Azure or a user file (subject, key URL, detail, remedy) has its
 * control characters escaped first, so a crafted resource name cannot move the cursor, recolour
 * the terminal or fake a PASS row. Lines end in {@code \n} whatever the platform.
 */
public final class ReportTableRenderer {
    private static final int VERDICT_WIDTH = 4;
    private static final String GAP = "  ";
    /** Below this many columns for text, wrapping makes things worse than overflowing. */
    private static final int MIN_TEXT_WIDTH = 20;

    private final Style style;
    private final int width;
    private final boolean verbose;

    /**
     * @param width   terminal columns to wrap within, or 0 to never wrap (not a terminal; tests)
     * @param verbose also show each requirement's title and the documentation it rests on
     */
    public ReportTableRenderer(Style style, int width, boolean verbose) {
        this.style = style;
        this.width = width;
        this.verbose = verbose;
    }

    public void render(List<Report> reports, Writer out) {
        StringBuilder b = new StringBuilder();
        int idWidth = idColumnWidth(reports);
        for (Report report : reports) {
            header(b, report);
            for (Finding f : report.findings()) {
                row(b, f, idWidth);
            }
            b.append('\n');
        }
        b.append(Summary.of(reports).sentence()).append('\n');
        try {
            out.write(b.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void header(StringBuilder b, Report report) {
        b.append(style.bold(Text.escapeControls(report.subject())));
        b.append(GAP).append(style.faint("key:")).append(' ')
                .append(report.keyUrl() == null ? "(none)" : Text.escapeControls(report.keyUrl()));
        if (report.checkedAt() != null) {
            b.append(GAP).append(style.faint("checked:")).append(' ')
                    .append(DateTimeFormatter.ISO_INSTANT.format(report.checkedAt()));
        }
        b.append('\n');
    }

    private void row(StringBuilder b, Finding f, int idWidth) {
        String verdict = f.verdict().name();
        String id = f.requirement().id();
        int textColumn = VERDICT_WIDTH + GAP.length() + idWidth + GAP.length();
        String lead = style.verdict(f.verdict()) + " ".repeat(VERDICT_WIDTH - verdict.length()) + GAP
                + id + " ".repeat(idWidth - id.length()) + GAP;
        block(b, lead, "", Text.escapeControls(ReportView.shownDetail(f)), textColumn);
        String indent = " ".repeat(textColumn);
        if (verbose) {
            block(b, indent, "title: ", f.requirement().title(), textColumn);
        }
        if (f.verdict() == Verdict.FAIL || f.verdict() == Verdict.WARN) {
            block(b, indent, "fix: ", Text.escapeControls(f.remedy()), textColumn);
            if (f.location() != null) {
                // file:line is what editors and terminals turn into a link to the spot
                block(b, indent, "at: ", Text.escapeControls(place(f.location())), textColumn);
            }
        }
        if (verbose) {
            block(b, indent, "source: ", f.requirement().source(), textColumn);
        }
    }

    private static String place(Finding.Location where) {
        return where.file() + (where.line() > 0 ? ":" + where.line() : "")
                + (where.jsonPointer() == null ? "" : " (" + where.jsonPointer() + ")");
    }

    /** Writes {@code lead + label + text}, continuation lines hanging under the text. */
    private void block(StringBuilder b, String lead, String label, String text, int textColumn) {
        int hang = textColumn + label.length();
        int available = width - hang;
        List<String> lines = WordWrap.lines(text, available >= MIN_TEXT_WIDTH ? available : 0);
        b.append(lead).append(label.isEmpty() ? "" : style.faint(label.strip()) + " ").append(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            b.append(" ".repeat(hang)).append(line).append('\n');
        }
    }

    private static int idColumnWidth(List<Report> reports) {
        return reports.stream().flatMap(r -> r.findings().stream())
                .mapToInt(f -> f.requirement().id().length()).max().orElse(0);
    }
}
