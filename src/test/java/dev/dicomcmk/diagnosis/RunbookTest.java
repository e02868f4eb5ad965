package dev.dicomcmk.diagnosis;

import dev.dicomcmk.diagnosis.Diagnosis.Status;
import dev.dicomcmk.diagnosis.Timeline.Bucket;
import dev.dicomcmk.model.DeletedKeyFacts;
import dev.dicomcmk.model.IdentityFacts;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.ProbeResult;
import dev.dicomcmk.model.ServiceFacts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.dicomcmk.diagnosis.DiagnosisFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runbook over facts built in memory: one case a test, named after what an admin would see. */
class RunbookTest {

    private static final String SERVICE_ID = DiagnosisFixture.SERVICE.armId();

    @Test
    void aHealthyServiceSaysSoAndWhatWasChecked() {
        Diagnosis d = new DiagnosisFixture().diagnose();
        assertEquals(Status.HEALTHY, d.status());
        assertTrue(d.causes().isEmpty(), d.causes().toString());
        assertEquals(Bucket.NOT_BROKEN, d.timeline().bucket());
        assertTrue(d.nextSteps().isEmpty());
        assertTrue(d.checked().stream().anyMatch(l -> l.startsWith("Resource Health: Available")), d.checked().toString());
        assertTrue(d.checked().stream().anyMatch(l -> l.startsWith("key access: ")), d.checked().toString());
    }

    @Test
    void aKeyDisabledTenMinutesAgoIsUnderThirtyMinutesAndTheFixReEnablesThatVersion() {
        DiagnosisFixture f = new DiagnosisFixture().unavailableSince(Duration.ofMinutes(10));
        f.enabled = false;
        f.updated = NOW.minus(Duration.ofMinutes(10));
        Diagnosis d = f.diagnose();
        assertEquals(Status.BROKEN, d.status());
        Cause top = d.causes().get(0);
        assertEquals("KEY-DISABLED", top.id());
        assertEquals(f.updated, top.since());
        assertTrue(top.evidence().stream().anyMatch(e -> e.startsWith("Resource Health: Unavailable")), top.evidence().toString());
        assertEquals("Enable the key version: az keyvault key set-attributes --vault-name demo-kv --name demo-key --version "
                + DiagnosisFixture.VERSION + " --enabled true", top.fix().get(0));
        assertEquals(Bucket.UNDER_30_MINUTES, d.timeline().bucket());
        assertEquals("Resource Health occuredTime", d.timeline().source());
        assertEquals(Duration.ofMinutes(10), d.timeline().elapsed());
        assertEquals("dicom-cmk diagnose --watch --service " + SERVICE_ID, d.nextSteps().get(1));
        assertTrue(d.timeline().sources().get(0).contains("\"If key access is lost for less than 30 minutes, data is "
                + "automatically recovered."), d.timeline().sources().toString());
    }

    @Test
    void withoutResourceHealthTheKeysUpdatedTimeDatesTheOutageAndPast30MinutesTheRedeployFollows() {
        DiagnosisFixture f = new DiagnosisFixture();
        f.health = Observed.unknown("no permission to read Resource Health (HTTP 403)");
        f.enabled = false;
        f.updated = NOW.minus(Duration.ofMinutes(45));
        Diagnosis d = f.diagnose();
        assertEquals(Bucket.OVER_30_MINUTES, d.timeline().bucket());
        assertEquals("the key version's updated time (when it was disabled)", d.timeline().source());
        assertEquals(List.of(d.causes().get(0).fix().get(0), "dicom-cmk update-via-arm --deploy --service " + SERVICE_ID,
                "If it stays unavailable: contact Azure support with this command's output (-o json)"), d.nextSteps());
        assertTrue(String.join("\n", d.timeline().sources()).contains("you can recover by following these steps"));
        assertTrue(d.summary().contains("over 30 minutes"), d.summary());
    }

    @Test
    void aDeletedKeyIsFoundAmongTheDeletedKeysAndRecovered() {
        DiagnosisFixture f = new DiagnosisFixture();
        f.keyNotFound = true;
        f.keyOverride = Observed.unknown("key demo-key version x was not found in demo-kv");
        f.deletedKey = Observed.known(new DeletedKeyFacts("demo-kv", "demo-key", NOW.minus(Duration.ofMinutes(5)),
                NOW.plus(Duration.ofDays(90))));
        Diagnosis d = f.diagnose();
        Cause top = d.causes().get(0);
        assertEquals("KEY-DELETED", top.id());
        assertEquals("az keyvault key recover --vault-name demo-kv --name demo-key", top.fix().get(0));
        assertEquals(Bucket.UNDER_30_MINUTES, d.timeline().bucket());
        assertEquals("the deleted key's deletedDate", d.timeline().source());
        assertTrue(d.causes().stream().noneMatch(c -> c.id().equals("KEY-ENABLED")), "no duplicate: " + d.causes());
    }

    @Test
    void aKeyNeitherFoundNorAmongTheDeletedOnesIsMissing() {
        DiagnosisFixture f = new DiagnosisFixture();
        f.keyNotFound = true;
        f.keyOverride = Observed.unknown("key demo-key was not found in demo-kv");
        f.deletedKey = Observed.unknown("key demo-key is not among the deleted keys of demo-kv (purged, or never there)");
        Diagnosis d = f.diagnose();
        assertEquals("KEY-MISSING", d.causes().get(0).id());
        assertTrue(d.causes().get(0).evidence().get(0).contains("purged, or never there"));
        // no fact dates it, and Resource Health still says Available: the service has not failed on it yet
        assertEquals(Bucket.NOT_BROKEN, d.timeline().bucket());
        assertEquals(Status.AT_RISK, d.status());
        assertTrue(d.summary().contains("is available") && !d.summary().contains("cannot use its key"), d.summary());
        f.health = Observed.unknown("no permission to read Resource Health");
        d = f.diagnose();
        assertEquals(Bucket.UNKNOWN, d.timeline().bucket());
        assertEquals(Status.BROKEN, d.status());
    }

    @Test
    void aServiceWithoutIdentityNeedsOneAndAnArmUpdateAndIsNotAlsoBlamedOnMissingAccess() {
        DiagnosisFixture f = new DiagnosisFixture().unavailableSince(Duration.ofMinutes(2));
        f.identityType = "None";
        f.identities = List.of();
        f.grants = List.of();
        Diagnosis d = f.diagnose();
        assertEquals(List.of("NO-IDENTITY"), d.causes().stream().map(Cause::id).toList());
        assertEquals(List.of("dicom-cmk enable-identity --system-assigned --grant-key-access --service " + SERVICE_ID,
                "dicom-cmk update-via-arm --deploy --service " + SERVICE_ID), d.causes().get(0).fix());
        assertTrue(d.timeline().sources().stream().anyMatch(s -> s.contains("If you change the managed identity")));
    }

    @Test
    void aDeletedUserAssignedIdentityAndARecreatedOneAreToldApart() {
        String uami = "/subscriptions/" + DiagnosisFixture.SUB + "/resourceGroups/demo-rg/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/demo-uami";
        DiagnosisFixture f = new DiagnosisFixture();
        f.identityType = "UserAssigned";
        f.uamis = Map.of(uami, new ServiceFacts.UserAssignedRef("p-old", "c"));
        f.identities = List.of(new IdentityFacts(IdentityFacts.Kind.USER_ASSIGNED, uami, "p-old", null, IdentityFacts.Presence.DELETED,
                "the identity resource no longer exists"));
        assertEquals("USER-IDENTITY-DELETED", f.diagnose().causes().get(0).id());
        f.identities = List.of(new IdentityFacts(IdentityFacts.Kind.USER_ASSIGNED, uami, "p-old", null, IdentityFacts.Presence.RECREATED,
                "re-created under principal p-new; the service still holds p-old and must be updated by an ARM deployment"));
        Diagnosis d = f.diagnose();
        assertEquals("USER-IDENTITY-RECREATED", d.causes().get(0).id());
        assertEquals("dicom-cmk enable-identity --user-assigned " + uami + " --grant-key-access --service " + SERVICE_ID,
                d.causes().get(0).fix().get(0));
    }

    @Test
    void aRevokedRoleIsFixedByGrantingAccessAgain() {
        DiagnosisFixture f = new DiagnosisFixture().unavailableSince(Duration.ofMinutes(10));
        f.grants = List.of();
        Diagnosis d = f.diagnose();
        assertEquals("KEY-ACCESS-MISSING", d.causes().get(0).id());
        assertEquals("dicom-cmk enable-identity --grant-key-access --service " + SERVICE_ID, d.nextSteps().get(0));
    }

    @Test
    void aFirewallWithoutBypassAndAVaultInAnotherTenantNameTheirOwnFixes() {
        DiagnosisFixture f = new DiagnosisFixture();
        f.defaultAction = "Deny";
        f.bypass = "None";
        assertEquals("Let trusted Microsoft services through the firewall: az keyvault update --name demo-kv "
                        + "--resource-group demo-rg --bypass AzureServices",
                f.diagnose().causes().get(0).fix().get(0));
        DiagnosisFixture g = new DiagnosisFixture();
        g.vaultTenant = "99999999-0000-0000-0000-000000000000";
        Diagnosis d = g.diagnose();
        assertEquals("VAULT-OTHER-TENANT", d.causes().get(0).id());
        assertTrue(d.causes().stream().noneMatch(c -> c.id().equals("KEY-ACCESS-MISSING")), d.causes().toString());
    }

    @Test
    void accessRestoredAfterAShortOutageIsRecoveringAfterALongOneNeedsARedeploy() {
        Diagnosis shortOutage = new DiagnosisFixture().unavailableSince(Duration.ofMinutes(12)).diagnose();
        assertEquals("RECOVERING", shortOutage.causes().get(0).id());
        assertEquals(Bucket.UNDER_30_MINUTES, shortOutage.timeline().bucket());
        assertTrue(shortOutage.summary().contains("is recovering"), shortOutage.summary());

        Diagnosis longOutage = new DiagnosisFixture().unavailableSince(Duration.ofMinutes(45)).diagnose();
        assertEquals("NEEDS-REDEPLOY", longOutage.causes().get(0).id());
        assertEquals("dicom-cmk update-via-arm --deploy --service " + SERVICE_ID, longOutage.nextSteps().get(0));
        assertEquals(Bucket.OVER_30_MINUTES, longOutage.timeline().bucket());
    }

    @Test
    void anOutageThatTheReadableFactsCannotExplainSaysWhatWasRefused() {
        DiagnosisFixture f = new DiagnosisFixture().unavailableSince(Duration.ofMinutes(3));
        f.keyOverride = Observed.unknown("no permission to read key demo-key in demo-kv (HTTP 403 Forbidden)");
        f.probe = Observed.known(new ProbeResult("https://x/v2/changefeed", 500, "InternalServerError: boom"));
        Diagnosis d = f.diagnose();
        Cause top = d.causes().get(0);
        assertEquals("UNEXPLAINED-OUTAGE", top.id());
        assertTrue(top.evidence().stream().anyMatch(e -> e.contains("answered 500")), top.evidence().toString());
        assertTrue(top.evidence().stream().anyMatch(e -> e.contains("HTTP 403")), top.evidence().toString());
    }

    @Test
    void aFailingRequirementThatDoesNotBreakAccessIsARiskNotAnOutage() {
        DiagnosisFixture f = new DiagnosisFixture();
        f.purgeProtection = false;
        Diagnosis d = f.diagnose();
        assertEquals(Status.AT_RISK, d.status());
        assertEquals("VAULT-PURGE-PROTECTION", d.causes().get(0).id());
        assertEquals(Bucket.NOT_BROKEN, d.timeline().bucket());
        assertNull(d.timeline().brokeAt());
    }

    @Test
    void watchPrintsOnlyWhatChanged() {
        DiagnosisFixture broken = new DiagnosisFixture().unavailableSince(Duration.ofMinutes(10));
        broken.grants = List.of();
        Diagnosis before = broken.diagnose();
        Diagnosis recovering = new DiagnosisFixture().unavailableSince(Duration.ofMinutes(10)).diagnose();
        Diagnosis healthy = new DiagnosisFixture().diagnose();
        assertEquals(List.of(), DiagnosisChanges.between(before, before));
        List<String> first = DiagnosisChanges.between(before, recovering);
        assertTrue(first.contains("cleared: KEY-ACCESS-MISSING (The service's identity may not use the key)"), first.toString());
        assertTrue(first.stream().anyMatch(l -> l.startsWith("new: RECOVERING")), first.toString());
        List<String> second = DiagnosisChanges.between(recovering, healthy);
        assertTrue(second.get(0).startsWith("status: BROKEN -> HEALTHY"), second.toString());
        assertTrue(second.contains("Resource Health: Unavailable -> Available"), second.toString());
    }

    @Test
    void keyChecksThatCouldNotBeReadMakeItUnknownNotHealthy() {
        DiagnosisFixture f = new DiagnosisFixture();
        f.keyOverride = Observed.unknown("no permission to read key demo-key in demo-kv (HTTP 403 Forbidden/ForbiddenByRbac)");
        Diagnosis d = f.diagnose();
        assertEquals(Status.UNKNOWN, d.status());
        assertTrue(!d.healthy());
        assertTrue(d.summary().contains("cannot tell") && d.summary().contains("no permission to read key"), d.summary());
        assertTrue(d.summary().contains("Resource Health says Available"), d.summary());
        assertEquals(Bucket.NOT_BROKEN, d.timeline().bucket());
    }
}
