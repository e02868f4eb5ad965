package dev.dicomcmk.output;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Verdict;
import java.util.Collection;
import java.util.Map;

/** How many findings ended in each verdict; the same numbers in the table, JSON and JUnit XML. */
@JsonPropertyOrder({"pass", "warn", "fail", "skip"})
public record Summary(int pass, int warn, int fail, int skip) {

    public static Summary of(Report report) {
        Map<Verdict, Integer> c = report.counts();
        return new Summary(c.get(Verdict.PASS), c.get(Verdict.WARN), c.get(Verdict.FAIL), c.get(Verdict.SKIP));
    }

    public static Summary of(Collection<Report> reports) {
        Summary total = new Summary(0, 0, 0, 0);
        for (Report r : reports) {
            total = total.plus(of(r));
        }
        return total;
    }

    public Summary plus(Summary o) {
        return new Summary(pass + o.pass, warn + o.warn, fail + o.fail, skip + o.skip);
    }

    public int total() {
        return pass + warn + fail + skip;
    }

    /** "N passed, N warned, N failed, N skipped". */
    public String sentence() {
        return pass + " passed, " + warn + " warned, " + fail + " failed, " + skip + " skipped";
    }
}
