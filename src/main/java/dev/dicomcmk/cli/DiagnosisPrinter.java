package dev.dicomcmk.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dicomcmk.diagnosis.Cause;
import dev.dicomcmk.diagnosis.Diagnosis;
import dev.dicomcmk.diagnosis.Timeline;
import dev.dicomcmk.model.Durations;
import dev.dicomcmk.model.HealthFacts;
import dev.dicomcmk.output.JsonOutput;
import dev.dicomcmk.output.OutputFormat;
import dev.dicomcmk.output.ReportView;
import dev.dicomcmk.output.Style;
import dev.dicomcmk.requirements.Verdict;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.dicomcmk.model.Text.escapeControls;

/**
 * Renders a diagnosis: a table for people (status line, ranked causes with evidence and fix, the
 * timeline, next steps, what was checked), one line with -q, or one JSON document for tickets.
 * Every line that can carry Azure's text is escaped before it reaches the terminal.
 */
final class DiagnosisPrinter {

    private final GlobalOptions options;
    private final PrintWriter out;
    private final Style style;

    DiagnosisPrinter(GlobalOptions options, CliEnvironment environment) {
        this.options = options;
        this.out = environment.out();
        this.style = ReportPrinter.style(options, environment);
    }

    boolean json() {
        return options.output() == OutputFormat.JSON;
    }

    void print(Diagnosis d, int exitCode, WatchView watch) {
        if (json()) {
            JsonOutput.write(out, "diagnose", DiagnosisView.of(d, watch), exitCode);
        } else if (options.quiet()) {
            out.println(statusLine(d));
        } else {
            table(d);
        }
        out.flush();
    }

    /** --watch: what changed since the last check, stamped with Azure's clock (nothing in JSON mode). */
    void changes(Instant at, List<String> lines) {
        if (json() || lines.isEmpty()) {
            return;
        }
        lines.forEach(l -> out.println(style.faint(at.toString()) + "  " + escapeControls(l)));
        out.flush();
    }

    void line(String text) {
        if (!json()) {
            out.println(escapeControls(text));
            out.flush();
        }
    }

    String statusLine(Diagnosis d) {
        Verdict v = switch (d.status()) {
            case HEALTHY -> Verdict.PASS;
            case AT_RISK -> Verdict.WARN;
            case BROKEN -> Verdict.FAIL;
            case UNKNOWN -> Verdict.SKIP;
        };
        return style.verdict(v) + " " + escapeControls(d.summary());
    }

    private void table(Diagnosis d) {
        out.println(statusLine(d));
        if (!d.causes().isEmpty()) {
            out.println();
            out.println(style.bold("Causes, most urgent first:"));
            int rank = 1;
            for (Cause c : d.causes()) {
                out.println(String.format("%2d. %s  %s", rank++, style.bold(c.id()), escapeControls(c.title())));
                c.evidence().forEach(e -> out.println("    " + style.faint("evidence:") + " " + escapeControls(e)));
                c.fix().forEach(f -> out.println("    " + style.faint("fix:     ") + " " + escapeControls(f)));
            }
        }
        Timeline t = d.timeline();
        if (t.bucket() != Timeline.Bucket.NOT_BROKEN) {
            out.println();
            out.println(style.bold("Timeline:"));
            out.println("  broke at: " + (t.brokeAt() == null ? "unknown" : t.brokeAt() + " (" + t.source() + ")"));
            out.println("  now:      " + t.now() + " (Azure's clock)");
            out.println("  elapsed:  " + (t.elapsed() == null ? "unknown: no fact says when access broke"
                    : Durations.human(t.elapsed()) + ": " + bucketText(t.bucket())));
            numbered(t.guidance(), "  ");
            out.println("  " + style.faint("why:"));
            t.sources().forEach(s -> out.println("    " + style.faint("- " + s)));
        }
        if (!d.nextSteps().isEmpty()) {
            out.println();
            out.println(style.bold("Next steps:"));
            numbered(d.nextSteps(), "  ");
        }
        out.println();
        out.println(style.bold("checked:"));
        d.checked().forEach(c -> out.println("  " + escapeControls(c)));
    }

    private void numbered(List<String> lines, String indent) {
        for (int i = 0; i < lines.size(); i++) {
            out.println(indent + (i + 1) + ". " + escapeControls(lines.get(i)));
        }
    }

    private static String bucketText(Timeline.Bucket b) {
        return switch (b) {
            case UNDER_30_MINUTES -> "under 30 minutes";
            case OVER_30_MINUTES -> "over 30 minutes";
            case UNKNOWN -> "unknown";
            case NOT_BROKEN -> "not broken";
        };
    }

    /** How a --watch ended: "healthy", "timed-out" or "interrupted", after how many checks. */
    record WatchView(String ended, int checks, Duration watched) {
    }

    /** The JSON document's body; field names are a contract for ticketing scripts. */
    @JsonPropertyOrder({"service", "status", "summary", "health", "causes", "timeline", "nextSteps", "checked",
        "requirements", "watch"})
    record DiagnosisView(String service, String status, String summary, HealthFacts health, List<CauseView> causes,
                         TimelineView timeline, List<String> nextSteps, List<String> checked, ReportView requirements,
                         WatchView watch) {

        static DiagnosisView of(Diagnosis d, WatchView watch) {
            List<CauseView> causes = new java.util.ArrayList<>();
            for (Cause c : d.causes()) {
                causes.add(new CauseView(causes.size() + 1, c.id(), c.title(), c.breaksAccess(), c.since(),
                        c.evidence(), c.fix()));
            }
            Timeline t = d.timeline();
            return new DiagnosisView(d.service(), d.status().name(), d.summary(), d.health(), causes,
                    new TimelineView(t.bucket().name(), t.brokeAt(), t.source(), t.now(), t.elapsed(), t.guidance(),
                            t.sources()), d.nextSteps(), d.checked(), ReportView.of(d.report()), watch);
        }
    }

    @JsonPropertyOrder({"rank", "id", "title", "breaksAccess", "since", "evidence", "fix"})
    record CauseView(int rank, String id, String title, boolean breaksAccess, Instant since, List<String> evidence,
                     List<String> fix) {
    }

    @JsonPropertyOrder({"bucket", "brokeAt", "source", "now", "elapsed", "guidance", "sources"})
    record TimelineView(String bucket, Instant brokeAt, String source, Instant now, Duration elapsed,
                        List<String> guidance, List<String> sources) {
    }
}
