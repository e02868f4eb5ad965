package dev.dicomcmk.preflight;

import dev.dicomcmk.requirements.CheckSettings;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.requirements.Verdict;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static dev.dicomcmk.requirements.Verdict.PASS;
import static dev.dicomcmk.requirements.Verdict.SKIP;

/** Runs the preflight on the templates of src/test/resources/preflight with a fixed clock. */
final class Preflights {
    static final Path DIR = Path.of("src/test/resources/preflight");
    static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    private Preflights() {
    }

    static List<Report> check(String template, String parameters, String tenantId) {
        TemplatePreflight preflight = new TemplatePreflight(new PreflightSettings(CheckSettings.defaults(), NOW,
                DnsSuffixes.AZURE_CLOUD, null, tenantId));
        return preflight.check(DIR.resolve(template), template, parameters == null ? null : DIR.resolve(parameters),
                parameters);
    }

    static Report only(String template) {
        return only(template, null, null);
    }

    static Report only(String template, String parameters, String tenantId) {
        List<Report> reports = check(template, parameters, tenantId);
        if (reports.size() != 1) {
            throw new AssertionError(template + ": expected one DICOM CMK service, got " + reports.size());
        }
        return reports.get(0);
    }

    static Map<Requirement, Verdict> verdicts(Report report) {
        Map<Requirement, Verdict> m = new EnumMap<>(Requirement.class);
        report.findings().forEach(f -> m.put(f.requirement(), f.verdict()));
        return m;
    }

    /**
     * good-system-assigned.json: every requirement a template can show passes; what only Key
     * Vault knows (versions, creation time) is skipped, and MHSM-PRIVATE-UAMI does not apply.
     */
    static Map<Requirement, Verdict> good() {
        Map<Requirement, Verdict> m = new EnumMap<>(Requirement.class);
        for (Requirement r : Requirement.values()) {
            m.put(r, PASS);
        }
        m.put(Requirement.KEY_OLD_VERSIONS_ENABLED, SKIP);
        m.put(Requirement.KEY_ROTATION_AGE, SKIP);
        m.put(Requirement.KEY_AUTO_ROTATION_GAP, SKIP);
        m.put(Requirement.MHSM_PRIVATE_UAMI, SKIP);
        return m;
    }

    @SafeVarargs
    static Map<Requirement, Verdict> goodExcept(Map.Entry<Requirement, Verdict>... changes) {
        Map<Requirement, Verdict> m = good();
        for (Map.Entry<Requirement, Verdict> c : changes) {
            m.put(c.getKey(), c.getValue());
        }
        return m;
    }
}
