package dev.dicomcmk.diagnosis;

import dev.dicomcmk.model.DiagnosisFacts;
import dev.dicomcmk.model.HealthFacts;
import dev.dicomcmk.model.ProbeResult;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.requirements.Verdict;

import java.util.ArrayList;
import java.util.List;

/** "checked:" — one line for each thing looked at, so a healthy verdict shows what it rests on. */
final class CheckedSummary {

    private CheckedSummary() {
    }

    static List<String> of(DiagnosisFacts facts, Report report) {
        List<String> lines = new ArrayList<>();
        lines.add("service: " + facts.cmk().service().map(CheckedSummary::service).orElse(
                facts.cmk().service().unknownReason()));
        lines.add("Resource Health: " + facts.health().map(CheckedSummary::health).orElse(
                "not read: " + facts.health().unknownReason()));
        String enabled = detail(report, Requirement.KEY_ENABLED);
        String expiry = detail(report, Requirement.KEY_EXPIRY_HORIZON);
        // one unread key gives both the same reason: say it once
        lines.add("key: " + (enabled.equals(expiry) ? enabled : enabled + "; " + expiry));
        if (facts.cmk().keyNotFound()) {
            lines.add("deleted keys: " + facts.deletedKey().map(d -> "found " + d.keyName() + " in " + d.vaultName())
                    .orElse(facts.deletedKey().unknownReason()));
        }
        lines.add("vault: soft delete " + detail(report, Requirement.VAULT_SOFT_DELETE) + "; purge protection "
                + detail(report, Requirement.VAULT_PURGE_PROTECTION) + "; " + detail(report, Requirement.VAULT_SAME_TENANT)
                + "; " + detail(report, Requirement.VAULT_FIREWALL_BYPASS));
        lines.add("identity: " + detail(report, Requirement.SERVICE_IDENTITY));
        lines.add("key access: " + detail(report, Requirement.IDENTITY_KEY_ACCESS));
        lines.add("DICOM API: " + facts.probe().map(CheckedSummary::probe).orElse(facts.probe().unknownReason()));
        var n = report.counts();
        lines.add("requirements: " + n.get(Verdict.PASS) + " pass, " + n.get(Verdict.WARN) + " warn, "
                + n.get(Verdict.FAIL) + " fail, " + n.get(Verdict.SKIP) + " skip (validate-key lists them)");
        return lines;
    }

    private static String service(ServiceFacts s) {
        return s.id().shortName() + ", provisioning " + s.provisioningState() + ", identity "
                + (s.identityType() == null ? "None" : s.identityType()) + ", key "
                + (s.keyUrl() == null ? "none" : s.keyUrl());
    }

    private static String health(HealthFacts h) {
        return h.availabilityState() + (h.occurredTime() == null ? "" : " since " + h.occurredTime());
    }

    private static String probe(ProbeResult p) {
        return "GET " + p.url() + " answered " + (p.status() == 0 ? "nothing: " + p.detail() : p.status()
                + (p.ok() ? "" : " (" + p.detail() + ")"));
    }

    private static String detail(Report report, Requirement r) {
        Finding f = report.finding(r);
        return (f.verdict() == Verdict.PASS ? "" : f.verdict() + " ") + f.detail();
    }
}
