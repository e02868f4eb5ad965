package dev.dicomcmk.output;

import dev.dicomcmk.model.Text;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * {@code -o markdown}: GitHub-flavoured Markdown tables for a CI job summary
 * ({@code >> "$GITHUB_STEP_SUMMARY"}). A fleet gives one row a service; single reports give one
 * row a finding. Every cell is escaped: names and details come from Azure or a user's file, and a
 * {@code |}, {@code <} or {@code [} in them must not break the table or inject a link or HTML.
 */
public final class MarkdownRenderer {
    private static final String NONE = "–";

    private final boolean strict;

    public MarkdownRenderer(boolean strict) {
        this.strict = strict;
    }

    public void renderFleet(String title, List<FleetEntry> entries, FleetSummary summary, Writer out) {
        StringBuilder b = new StringBuilder();
        b.append("### ").append(cell(title)).append("\n\n");
        b.append("**").append(cell(summary.sentence())).append("**\n\n");
        if (!entries.isEmpty()) {
            b.append("| Service | Key version | Verdict | First failing requirement |\n");
            b.append("|---|---|---|---|\n");
            for (FleetEntry e : entries) {
                String last = e.error() != null ? e.error() : e.firstFailing();
                b.append("| ").append(cell(e.service()))
                        .append(" | ").append(e.keyVersion() == null ? NONE : cell(e.keyVersion()))
                        .append(" | ").append(e.standing(strict).name())
                        .append(" | ").append(last == null ? NONE : cell(last)).append(" |\n");
            }
        }
        write(out, b);
    }

    public void renderReports(String title, List<Report> reports, Writer out) {
        StringBuilder b = new StringBuilder();
        b.append("### ").append(cell(title)).append("\n\n");
        for (Report r : reports) {
            b.append("**").append(cell(r.subject())).append("**  \n");
            b.append("key: ").append(r.keyUrl() == null ? "(none)" : cell(r.keyUrl())).append("\n\n");
            b.append("| Verdict | Requirement | Detail | Fix |\n");
            b.append("|---|---|---|---|\n");
            for (Finding f : r.findings()) {
                boolean bad = f.verdict() == dev.dicomcmk.requirements.Verdict.FAIL
                        || f.verdict() == dev.dicomcmk.requirements.Verdict.WARN;
                b.append("| ").append(f.verdict().name())
                        .append(" | ").append(f.requirement().id())
                        .append(" | ").append(cell(f.detail()))
                        .append(" | ").append(bad && f.remedy() != null ? cell(f.remedy()) : NONE).append(" |\n");
            }
            b.append('\n');
        }
        b.append("**").append(Summary.of(reports).sentence()).append("**\n");
        write(out, b);
    }

    /**
     * Text safe in a table cell: control characters escaped as in the terminal, line breaks folded,
     * and every character Markdown or its HTML would act on backslash-escaped.
     */
    static String cell(String text) {
        String safe = Text.escapeControls(text == null ? "" : text.replace("\r\n", " ").replace('\n', ' '));
        StringBuilder b = new StringBuilder(safe.length() + 8);
        for (int i = 0; i < safe.length(); i++) {
            char c = safe.charAt(i);
            if ("\\`*_{}[]<>()#+!|~&".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static void write(Writer out, StringBuilder b) {
        try {
            out.write(b.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
