package dev.dicomcmk.output;

import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Verdict;

/**
 * One service of a fleet check: its report, or why it could not be checked.
 *
 * @param service short name a person recognises ("group/workspace/dicom")
 * @param report  the service's report, or null when it could not be checked
 * @param error   one line saying why it could not be checked, or null
 */
public record FleetEntry(String service, Report report, String error) {

    /** The service's standing, as one word: OK, WARN, FAIL, or ERROR (could not be checked). */
    public enum Standing { OK, WARN, FAIL, ERROR }

    public static FleetEntry checked(String service, Report report) {
        return new FleetEntry(service, report, null);
    }

    public static FleetEntry unreadable(String service, String error) {
        return new FleetEntry(service, null, error);
    }

    /** FAIL when a requirement fails (or warns, with strict), WARN when one only warns. */
    public Standing standing(boolean strict) {
        if (report == null) {
            return Standing.ERROR;
        }
        if (report.hasFailures(strict)) {
            return Standing.FAIL;
        }
        return report.findings().stream().anyMatch(f -> f.verdict() == Verdict.WARN) ? Standing.WARN : Standing.OK;
    }

    /** The first requirement (in catalogue order) that fails, else the first that warns; null when none. */
    public String firstFailing() {
        if (report == null) {
            return null;
        }
        for (Verdict wanted : new Verdict[] {Verdict.FAIL, Verdict.WARN}) {
            for (Finding f : report.findings()) {
                if (f.verdict() == wanted) {
                    return f.requirement().id();
                }
            }
        }
        return null;
    }

    /** "key/version" of the key checked (what tells two services' keys apart), or null when none. */
    public String keyVersion() {
        if (report == null || report.keyUrl() == null) {
            return null;
        }
        String url = report.keyUrl();
        int keys = url.indexOf("/keys/");
        return keys < 0 ? url : url.substring(keys + "/keys/".length()).replaceAll("/+$", "");
    }
}
