package dev.dicomcmk.cli;

import dev.dicomcmk.output.FleetEntry;
import dev.dicomcmk.output.FleetSummary;
import dev.dicomcmk.output.FleetTableRenderer;
import dev.dicomcmk.output.JsonOutput;
import dev.dicomcmk.output.MarkdownRenderer;
import dev.dicomcmk.output.OutputFormat;
import dev.dicomcmk.output.ReportTableRenderer;
import dev.dicomcmk.output.Style;
import dev.dicomcmk.output.Summary;
import dev.dicomcmk.model.Text;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Verdict;
import picocli.CommandLine.Help.Ansi;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Prints reports to stdout the way the global options ask: table, JSON, Markdown, or one line each with -q. */
final class ReportPrinter {

    private final GlobalOptions options;
    private final CliEnvironment environment;

    ReportPrinter(GlobalOptions options, CliEnvironment environment) {
        this.options = options;
        this.environment = environment;
    }

    void print(String command, List<Report> reports, boolean strict, int exitCode) {
        PrintWriter out = environment.out();
        if (options.output() == OutputFormat.JSON) {
            JsonOutput.writeReports(out, command, reports, exitCode);
        } else if (options.output() == OutputFormat.MARKDOWN) {
            new MarkdownRenderer(strict).renderReports("dicom-cmk " + command, reports, out);
        } else if (options.quiet()) {
            reports.forEach(r -> out.println(summaryLine(r, strict)));
        } else {
            new ReportTableRenderer(style(options, environment), 0, options.verbose()).render(reports, out);
            long unread = reports.stream().flatMap(r -> r.findings().stream())
                    .filter(f -> f.verdict() == Verdict.SKIP && f.fails(strict)).count();
            if (unread > 0) {
                // the summary counts them as skipped: say why they fail the run
                environment.err().println("dicom-cmk " + command + ": --strict: " + unread + " SKIP(s) could not be read "
                        + "(unreadable), and a strict run does not pass on what it could not read");
                environment.err().flush();
            }
        }
        out.flush();
    }

    /**
     * A fleet (validate-key --all): one row a service and a summary counted in services; the full reports
     * with -v or -o json; one line a service with -q.
     */
    void printFleet(String command, List<FleetEntry> entries, List<Report> reports, int withoutCmk, boolean strict,
                    int exitCode) {
        PrintWriter out = environment.out();
        FleetSummary summary = FleetSummary.of(entries, strict, withoutCmk);
        if (options.output() == OutputFormat.JSON) {
            JsonOutput.writeReports(out, command, reports, exitCode);
        } else if (options.output() == OutputFormat.MARKDOWN) {
            new MarkdownRenderer(strict).renderFleet("dicom-cmk " + command + " --all", entries, summary, out);
        } else if (options.quiet()) {
            reports.forEach(r -> out.println(summaryLine(r, strict)));
        } else {
            if (options.verbose()) {
                new ReportTableRenderer(style(options, environment), 0, true).render(reports, out);
                out.println();
            }
            new FleetTableRenderer(style(options, environment), strict).render(entries, summary, out);
        }
        out.flush();
    }

    /** "FAIL <subject>: 1 failed, 0 warned ... (KEY-SIZE)" — one line a subject, for cron and logs. */
    static String summaryLine(Report r, boolean strict) {
        List<String> bad = r.findings().stream()
                .filter(f -> f.fails(strict))
                .map(f -> f.requirement().id()).collect(Collectors.toList());
        List<String> warned = r.findings().stream().filter(f -> f.verdict() == Verdict.WARN)
                .map(Finding::requirement).map(q -> q.id()).collect(Collectors.toList());
        String status = !bad.isEmpty() ? "FAIL" : warned.isEmpty() ? "OK" : "WARN";
        String ids = !bad.isEmpty() ? " (" + String.join(", ", bad) + ")"
                : warned.isEmpty() ? "" : " (" + String.join(", ", warned) + ")";
        return status + " " + Text.escapeControls(r.subject()) + ": " + Summary.of(r).sentence() + ids;
    }

    static Style style(GlobalOptions options, CliEnvironment environment) {
        boolean off = options.noColor() || environment.getenv("NO_COLOR") != null;
        return Style.of(!off && Ansi.AUTO.enabled());
    }
}
