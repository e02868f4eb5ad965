package dev.dicomcmk.diagnosis;

import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Verdict;

import java.util.List;

/**
 * The checks that could not be made because something could not be read (a 403, a vault not found): with any of
 * them, "healthy" would rest on facts nobody saw. A SKIP that is only "not applicable" (an EC key has no RSA size,
 * a Key Vault is no Managed HSM) or that defers to another requirement's finding ("see IDENTITY-KEY-ACCESS") is no
 * gap. The SKIP's own kind will say this once findings carry it; until then its detail does.
 */
final class ReadGaps {

    private ReadGaps() {
    }

    static List<Finding> of(Report report) {
        return report.findings().stream().filter(ReadGaps::couldNotRead).toList();
    }

    static boolean couldNotRead(Finding f) {
        if (f.verdict() != Verdict.SKIP) {
            return false;
        }
        String detail = f.detail();
        return !detail.startsWith("not applicable") && !detail.contains("(see ")
                && !detail.startsWith("the service has no managed identity");
    }

    /** "8 checks could not be read (KEY-TYPE, ...: no permission to read key ...)". */
    static String describe(List<Finding> gaps) {
        List<String> ids = gaps.stream().map(f -> f.requirement().id()).toList();
        List<String> reasons = gaps.stream().map(Finding::detail).distinct().toList();
        return gaps.size() + " check(s) could not be read (" + String.join(", ", ids) + "): " + reasons.get(0)
                + (reasons.size() > 1 ? " (and " + (reasons.size() - 1) + " other reason(s))" : "");
    }
}
