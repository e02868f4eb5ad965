package dev.dicomcmk.diagnosis;

import dev.dicomcmk.model.DiagnosisFacts;
import dev.dicomcmk.advice.SuggestedCommand;
import dev.dicomcmk.model.DeletedKeyFacts;
import dev.dicomcmk.model.IdentityFacts;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.requirements.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the causes of lost key access off the checker's report and the facts: each failing
 * requirement that can stop the service becomes the cause it names, with the exact fix; failing
 * requirements that cannot stop it stay as risks. The checker decides pass or fail; this class only
 * names, explains and orders.
 */
final class CauseFinder {

    private final CmkFacts facts;
    private final DiagnosisFacts all;
    private final Report report;
    private final Fixes fixes;
    /** requirements a cause already accounts for, so they are not reported twice */
    private final Set<Requirement> explained = EnumSet.noneOf(Requirement.class);
    private final List<Cause> causes = new ArrayList<>();

    CauseFinder(DiagnosisFacts all, Report report) {
        this.all = all;
        this.facts = all.cmk();
        this.report = report;
        this.fixes = new Fixes(all.service());
    }

    /** The causes found in the requirements, unranked. */
    List<Cause> find() {
        identityCauses();
        if (failed(Requirement.VAULT_SAME_TENANT)) {
            // no role reaches across tenants: the fix is the finding's (a key in the service's tenant), never a grant
            add(CauseKind.VAULT_OTHER_TENANT, Requirement.VAULT_SAME_TENANT, null,
                    remedy(Requirement.VAULT_SAME_TENANT), Requirement.IDENTITY_KEY_ACCESS);
        }
        if (failed(Requirement.VAULT_FIREWALL_BYPASS) && facts.keyUrl().isKnown()) {
            add(CauseKind.FIREWALL_NO_BYPASS, Requirement.VAULT_FIREWALL_BYPASS, null,
                    remedy(Requirement.VAULT_FIREWALL_BYPASS));
        }
        keyCauses();
        if (failed(Requirement.IDENTITY_KEY_ACCESS) && !explained.contains(Requirement.IDENTITY_KEY_ACCESS)) {
            add(CauseKind.KEY_ACCESS_MISSING, Requirement.IDENTITY_KEY_ACCESS, null, List.of(fixes.grantKeyAccess()),
                    Requirement.IDENTITY_LEAST_PRIVILEGE);
        }
        for (Finding f : report.findings()) {
            if (f.verdict() == Verdict.FAIL && !explained.contains(f.requirement())) {
                causes.add(new Cause(CauseKind.REQUIREMENT_FAILED, f.requirement().id(), f.requirement().title(),
                        List.of(evidence(f)), List.of(f.remedy()), null));
            }
        }
        return causes;
    }

    private void identityCauses() {
        if (!facts.service().isKnown()) {
            return;
        }
        ServiceFacts s = facts.service().value();
        if (!s.hasAnyIdentity()) {
            add(CauseKind.NO_IDENTITY, Requirement.SERVICE_IDENTITY, null,
                    List.of(fixes.enableSystemIdentity(), fixes.redeploy()), Requirement.IDENTITY_KEY_ACCESS);
            return;
        }
        for (IdentityFacts id : facts.identities().orElse(List.of())) {
            if (id.kind() == IdentityFacts.Kind.USER_ASSIGNED && !id.exists()) {
                boolean recreated = id.presence() == IdentityFacts.Presence.RECREATED;
                String line = id.label() + ": " + (id.note() == null ? "does not exist" : id.note());
                List<String> fix = recreated
                        ? List.of(fixes.useUserIdentity(id.resourceId()), fixes.redeploy())
                        : List.of("Re-create or choose a user-assigned identity, then: "
                        + fixes.useUserIdentity(null), fixes.redeploy());
                addRaw(recreated ? CauseKind.USER_IDENTITY_RECREATED : CauseKind.USER_IDENTITY_DELETED, line, fix);
                explained.add(Requirement.IDENTITY_KEY_ACCESS);
            }
        }
        String home = facts.homeTenantId().orElse(null);
        for (IdentityFacts id : facts.identities().orElse(List.of())) {
            if (home != null && id.tenantId() != null && !id.tenantId().equalsIgnoreCase(home)) {
                addRaw(CauseKind.IDENTITY_OTHER_TENANT, id.label() + " is in tenant " + id.tenantId()
                        + "; the service's subscription is in tenant " + home, List.of(fixes.redeploy(),
                        fixes.grantKeyAccess()));
                explained.add(Requirement.IDENTITY_KEY_ACCESS);
            }
        }
    }

    private void keyCauses() {
        if (!facts.keyUrl().isKnown()) {
            return;
        }
        KeyUrl url = facts.keyUrl().value();
        if (facts.keyNotFound()) {
            if (all.deletedKey().isKnown()) {
                DeletedKeyFacts d = all.deletedKey().value();
                addRaw(CauseKind.KEY_DELETED, "key " + d.keyName() + " is among the deleted keys of " + d.vaultName()
                        + (d.deletedDate() == null ? "" : ", deleted " + d.deletedDate())
                        + (d.scheduledPurgeDate() == null ? "" : "; purged for good on " + d.scheduledPurgeDate()),
                        List.of(Fixes.recoverKey(url)), d.deletedDate());
            } else {
                addRaw(CauseKind.KEY_MISSING, evidence(report.finding(Requirement.KEY_ENABLED)) + "; "
                        + all.deletedKey().unknownReason(), List.of("If only the URL is wrong, point the service at an "
                        + "existing key version: " + fixes.switchToKey(SuggestedCommand.placeholder("versioned key URL")),
                        "If the key was purged, contact Azure support with the facts: " + fixes.asJson()), null);
            }
            explained.add(Requirement.KEY_ENABLED);
            return;
        }
        if (!facts.key().isKnown() || !failed(Requirement.KEY_ENABLED)) {
            keyOps(url);
            return;
        }
        KeyFacts key = facts.key().value();
        Instant now = facts.now();
        if (!key.enabled()) {
            add(CauseKind.KEY_DISABLED, Requirement.KEY_ENABLED, key.updated(), remedy(Requirement.KEY_ENABLED));
        } else if (key.expires() != null && !key.expires().isAfter(now)) {
            add(CauseKind.KEY_EXPIRED, Requirement.KEY_ENABLED, key.expires(), remedy(Requirement.KEY_ENABLED),
                    Requirement.KEY_EXPIRY_HORIZON);
        } else {
            add(CauseKind.KEY_NOT_YET_VALID, Requirement.KEY_ENABLED, null, remedy(Requirement.KEY_ENABLED));
        }
        keyOps(url);
    }

    /**
     * A key without wrapKey and unwrapKey. When it is not an RSA key at all (KEY-TYPE fails too), no operation can
     * be added: the finding's remedy is a new RSA key, and KEY-TYPE's evidence belongs to this cause.
     */
    private void keyOps(KeyUrl url) {
        if (failed(Requirement.KEY_OPS)) {
            if (failed(Requirement.KEY_TYPE)) {
                causes.add(Cause.of(CauseKind.KEY_OPS_MISSING, List.of(evidence(report.finding(Requirement.KEY_TYPE)),
                        evidence(report.finding(Requirement.KEY_OPS))), remedy(Requirement.KEY_TYPE), null));
                explained.addAll(List.of(Requirement.KEY_OPS, Requirement.KEY_TYPE, Requirement.KEY_SIZE));
                return;
            }
            add(CauseKind.KEY_OPS_MISSING, Requirement.KEY_OPS, null, remedy(Requirement.KEY_OPS));
        }
    }

    /** The checker's remedy for a requirement: filled in with the vault, key and service it is about. */
    private List<String> remedy(Requirement r) {
        return List.of(report.finding(r).remedy());
    }

    private boolean failed(Requirement r) {
        return report.finding(r).verdict() == Verdict.FAIL;
    }

    /** A cause shown by a failing requirement; the others it implies are accounted for too. */
    private void add(CauseKind kind, Requirement shownBy, Instant since, List<String> fix, Requirement... implied) {
        causes.add(Cause.of(kind, List.of(evidence(report.finding(shownBy))), fix, since));
        explained.add(shownBy);
        explained.addAll(List.of(implied));
    }

    private void addRaw(CauseKind kind, String evidence, List<String> fix) {
        addRaw(kind, evidence, fix, null);
    }

    private void addRaw(CauseKind kind, String evidence, List<String> fix, Instant since) {
        causes.add(Cause.of(kind, List.of(evidence), fix, since));
    }

    /** "KEY-ENABLED FAIL: version ... is disabled (last updated ...)": the checker's own words. */
    static String evidence(Finding f) {
        return f.requirement().id() + " " + f.verdict() + ": " + f.detail();
    }
}
