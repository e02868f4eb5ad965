package dev.dicomcmk.requirements;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The findings for one subject (a service, a key, or a resource in a template), in catalogue order.
 *
 * @param subject   what was checked, e.g. the service's ARM id or the key URL
 * @param keyUrl    the key checked, or null when none could be determined
 * @param checkedAt the time the facts were judged against (Azure's clock when known)
 */
public record Report(String subject, String keyUrl, Instant checkedAt, List<Finding> findings) {

    public Report {
        findings = List.copyOf(findings);
    }

    public Map<Verdict, Integer> counts() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        findings.forEach(f -> counts.merge(f.verdict(), 1, Integer::sum));
        return counts;
    }

    /** Whether a finding fails the run (see {@link Finding#fails}: with --strict, warnings and unread facts too). */
    public boolean hasFailures(boolean strict) {
        return findings.stream().anyMatch(f -> f.fails(strict));
    }

    public Finding finding(Requirement r) {
        return findings.stream().filter(f -> f.requirement() == r).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no finding for " + r.id()));
    }
}
