package dev.dicomcmk.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import java.time.Instant;
import java.util.List;

/**
 * The JSON shape of a {@link Report}. Field names and order are a public contract for scripts
 * ({@code jq '.reports[].findings[] | select(.verdict=="FAIL")'}), so they live here, apart from
 * the domain records, and a rename in the domain cannot silently change the output.
 *
 * <p>Other commands that show a report inside their own document embed {@code ReportView.of(report)}.
 *
 * @param keyUrl written as {@code null} when no key could be determined: that absence is itself evidence
 */
@JsonPropertyOrder({"subject", "keyUrl", "checkedAt", "summary", "findings"})
public record ReportView(String subject, @JsonInclude(JsonInclude.Include.ALWAYS) String keyUrl, Instant checkedAt,
                         Summary summary, List<FindingView> findings) {

    public static ReportView of(Report report) {
        return new ReportView(report.subject(), report.keyUrl(), report.checkedAt(), Summary.of(report),
                report.findings().stream().map(FindingView::of).toList());
    }

    /**
     * One finding; {@code location} is present only for findings in a file (template checks), {@code skipKind}
     * only for a SKIP ({@code unreadable}, {@code not-applicable} or {@code offline}; added within schemaVersion 1).
     */
    @JsonPropertyOrder({"id", "title", "verdict", "skipKind", "detail", "remedy", "source", "location"})
    public record FindingView(String id, String title, String verdict, String skipKind, String detail, String remedy,
                              String source, LocationView location) {

        public static FindingView of(Finding f) {
            return new FindingView(f.requirement().id(), f.requirement().title(), f.verdict().name(),
                    f.skipKind() == null ? null : f.skipKind().label(), f.detail(), f.remedy(), f.requirement().source(),
                    LocationView.of(f.location()));
        }
    }

    /**
     * A finding's detail as the text formats show it: a SKIP's led by its kind ("unreadable: no permission to
     * …"), unless the detail already says it ("not applicable: …", "… not determinable offline: …").
     */
    public static String shownDetail(Finding f) {
        if (f.skipKind() == null) {
            return f.detail();
        }
        String says = switch (f.skipKind()) {
            case UNREADABLE -> "unreadable";
            case NOT_APPLICABLE -> "not applicable";
            case OFFLINE -> "not determinable offline";
        };
        return f.detail().toLowerCase(java.util.Locale.ROOT).contains(says) ? f.detail() : f.skipKind().label() + ": " + f.detail();
    }

    /** Where in a file; {@code line} is left out when unknown rather than written as 0. */
    @JsonPropertyOrder({"file", "jsonPointer", "line"})
    public record LocationView(String file, String jsonPointer, Integer line) {

        static LocationView of(Finding.Location l) {
            if (l == null) {
                return null;
            }
            return new LocationView(l.file(), l.jsonPointer(), l.line() > 0 ? l.line() : null);
        }
    }
}
