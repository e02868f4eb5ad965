package dev.dicomcmk.cli;

import dev.dicomcmk.sandbox.RequestLog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Fleets across subscriptions, found with Resource Graph over the sandbox's fleet-N-in-M worlds: one query
 * paged and batched (the client's batch and page lowered to see both on a small fleet), a spent quota waited
 * out, --uses-key's reverse lookup, and rotate-key --to-latest --uses-key.
 */
class ResourceGraphFleetTest {

    private static final String GRAPH = "/providers/Microsoft.ResourceGraph/resources";

    private static List<RequestLog.Entry> graphQueries(SandboxCli s) {
        return s.sandbox.requestLog().entries().stream().filter(e -> e.path().equalsIgnoreCase(GRAPH)).toList();
    }

    @Test
    void validateKeyAcrossSubscriptionsPagesAndBatchesOneQuery() throws Exception {
        System.setProperty("dicom-cmk.resource-graph.subscription-batch", "2");
        System.setProperty("dicom-cmk.resource-graph.page-size", "2");
        // fleet-24-in-7: subscriptions 1-5 readable (6 holds no role for the operator, 7 is another tenant's)
        try (SandboxCli s = new SandboxCli("fleet-24-in-7")) {
            CliRunner.Result r = s.run("-q", "validate-key", "--all-subscriptions", "--parallel", "4");
            assertEquals(0, r.exitCode(), r.describe());
            String[] lines = r.out().strip().split("\n");
            // the demo service and the fleet's services 1-5, 8-12, 15-19, 22-24 (round-robin over 7 subscriptions)
            assertEquals(1 + 18, lines.length, r.describe());
            assertTrue(r.out().contains("dicom-0024"), r.describe());
            assertFalse(r.out().contains("dicom-0006") || r.out().contains("dicom-0007"), r.describe());
            // 6 home-tenant subscriptions in batches of 2: 3 batches; the demo's and batch pages of 2 rows
            List<RequestLog.Entry> queries = graphQueries(s);
            assertTrue(queries.size() >= 3 + 6, "several pages in each of three batches: " + queries.size());
            assertEquals(0, s.sandbox.requestLog().entries().stream()
                    .filter(e -> e.method().equals("GET") && e.path().toLowerCase().contains("/dicomservices/")).count(),
                    "the listing reads no service of its own");
        } finally {
            System.clearProperty("dicom-cmk.resource-graph.subscription-batch");
            System.clearProperty("dicom-cmk.resource-graph.page-size");
        }
    }

    /** fleet-30-in-5: fleet-key-0003 serves dicom-0007 (subscription 2), dicom-0008 (3, on the older version), dicom-0009 (4). */
    private static final String KEY = "https://fleet-kv.vault.sandbox.test/keys/fleet-key-0003";

    @Test
    void usesKeyFindsExactlyTheServicesOnThatKeyVersionedOrNot() throws Exception {
        // subscription 4 holds no role for the operator, 5 is another tenant's: dicom-0009 is not to be seen
        try (SandboxCli s = new SandboxCli("fleet-30-in-5")) {
            String latest = s.sandbox.world().currentKeyVersion("fleet-kv", "fleet-key-0003");
            for (String url : List.of(KEY, KEY + "/" + latest, "https://FLEET-KV.vault.sandbox.test/keys/FLEET-KEY-0003")) {
                CliRunner.Result r = s.run("-q", "validate-key", "--all-subscriptions", "--uses-key", url);
                assertEquals(0, r.exitCode(), r.describe());
                String[] lines = r.out().strip().split("\n");
                assertEquals(2, lines.length, url + ": " + r.describe());
                assertTrue(r.out().contains("/resourceGroups/fleet-rg-02/providers/Microsoft.HealthcareApis/workspaces/fleet-ws-01/dicomservices/dicom-0007:"), r.describe());
                assertTrue(r.out().contains("/resourceGroups/fleet-rg-03/providers/Microsoft.HealthcareApis/workspaces/fleet-ws-01/dicomservices/dicom-0008:"), r.describe());
            }
            // the same lookup within one subscription: only dicom-0007, in subscription 2
            CliRunner.Result one = s.run("-q", "--subscription", dev.dicomcmk.sandbox.SandboxIds.SUBSCRIPTION_ID,
                    "validate-key", "--uses-key", KEY);
            assertEquals(0, one.exitCode(), one.describe());
            assertTrue(one.err().contains("no DICOM service with a customer-managed key using " + KEY), one.describe());
        }
    }

    @Test
    void rotateKeyToLatestFollowsTheKeyAcrossSubscriptions() throws Exception {
        try (SandboxCli s = new SandboxCli("fleet-30-in-5")) {
            String latest = s.sandbox.world().currentKeyVersion("fleet-kv", "fleet-key-0003");
            String before7 = s.sandbox.world().keyEncryptionKeyUrl("fleet-ws-01", "dicom-0007");
            String before8 = s.sandbox.world().keyEncryptionKeyUrl("fleet-ws-01", "dicom-0008");
            assertTrue(before7.endsWith("/" + latest) && !before8.endsWith("/" + latest), before8);

            CliRunner.Result dry = s.run("rotate-key", "--to-latest", "--uses-key", KEY, "--all-subscriptions", "--dry-run");
            assertEquals(0, dry.exitCode(), dry.describe());
            String[] rows = dry.out().strip().split("\n");
            assertEquals(3, rows.length, dry.describe()); // two services and the count
            // each row names its subscription and resource group
            assertTrue(dry.out().contains(dev.dicomcmk.sandbox.SpreadFleet.subscriptionId(2) + "/fleet-rg-02/fleet-ws-01/dicom-0007 up-to-date"), dry.describe());
            assertTrue(dry.out().contains(dev.dicomcmk.sandbox.SpreadFleet.subscriptionId(3) + "/fleet-rg-03/fleet-ws-01/dicom-0008 dry-run"), dry.describe());
            assertEquals(before8, s.sandbox.world().keyEncryptionKeyUrl("fleet-ws-01", "dicom-0008"), "a dry run changes nothing");
            long writes = s.sandbox.requestLog().successfulWrites().size();
            assertEquals(0, writes, dry.describe());

            CliRunner.Result run = s.run("-y", "rotate-key", "--to-latest", "--uses-key", KEY, "--all-subscriptions",
                    "--verify-for", "1s");
            assertEquals(0, run.exitCode(), run.describe());
            assertTrue(s.sandbox.world().keyEncryptionKeyUrl("fleet-ws-01", "dicom-0008").endsWith("/" + latest), run.describe());
            assertEquals(before7, s.sandbox.world().keyEncryptionKeyUrl("fleet-ws-01", "dicom-0007"), "already current");
            // a second run finds both current and changes nothing
            long after = s.sandbox.requestLog().successfulWrites().size();
            CliRunner.Result again = s.run("-y", "rotate-key", "--to-latest", "--uses-key", KEY, "--all-subscriptions");
            assertEquals(0, again.exitCode(), again.describe());
            assertEquals(after, s.sandbox.requestLog().successfulWrites().size(), again.describe());
        }
    }

    @Test
    void aSpentQuotaIsWaitedOutAsResourceGraphSays() throws Exception {
        try (SandboxCli s = new SandboxCli("fleet-6-in-2")) {
            s.sandbox.world().update(w -> {
                w.resourceGraph.quotaPerWindow = 1;
                w.resourceGraph.windowSeconds = 5;
            });
            // the first run spends the window's one query; the second is refused (429) until the window resets:
            // azure-core's own back-off (0.5 + 1 + 2 s) would give up before it does
            assertEquals(0, s.run("-q", "validate-key", "--uses-key", KEY).exitCode());
            long start = System.nanoTime();
            CliRunner.Result r = s.run("-q", "validate-key", "--uses-key", KEY);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(0, r.exitCode(), r.describe());
            List<RequestLog.Entry> queries = graphQueries(s);
            assertEquals(429, queries.get(1).status(), queries.toString());
            assertEquals(200, queries.get(queries.size() - 1).status(), queries.toString());
            assertTrue(seconds >= 3 && seconds < 20, "waited for the reset: " + seconds + " s");
        }
    }

    @Test
    void usageErrors() {
        assertEquals(2, CliRunner.exec("--sandbox", "validate-key", "--all-subscriptions", "--management-group", "x").exitCode());
        assertEquals(2, CliRunner.exec("--sandbox", "validate-key", "--management-group", "bad name!").exitCode());
        assertEquals(2, CliRunner.exec("--sandbox", "rotate-key", "--to-latest", "--uses-key", KEY, "--service",
                "demo-ws/demo-dicom", "-g", "demo-rg").exitCode());
        assertEquals(2, CliRunner.exec("--sandbox", "rotate-key", "--key-url", KEY + "/" + "0".repeat(32),
                "--all-subscriptions").exitCode());
        assertEquals(2, CliRunner.exec("--sandbox", "validate-key", "--uses-key", "https://example.com/keys/x").exitCode());
    }

    @Test
    void diagnoseReadsTheFleetsKeyAccessFromHealthResourcesInTwoQueries() throws Exception {
        try (SandboxCli s = new SandboxCli("fleet-9-in-3")) {
            // dicom-0004 (subscription 1) loses its key access
            s.sandbox.world().update(w -> {
                var svc = w.dicomServices.stream().filter(d -> d.name.equals("dicom-0004")).findFirst().orElseThrow();
                w.roleAssignments.removeIf(a -> a.principalId.equals(svc.principalId));
            });
            CliRunner.Result r = s.run("diagnose", "--all-subscriptions");
            assertEquals(3, r.exitCode(), r.describe());
            assertTrue(r.out().matches("(?s).*/fleet-rg-01/fleet-ws-01/dicom-0004 +Unavailable .*"), r.describe());
            assertTrue(r.out().matches("(?s).*/fleet-rg-02/fleet-ws-01/dicom-0002 +Available .*"), r.describe());
            // subscription 3 is another tenant's: the fleet is the demo and services 1, 2, 4, 5, 7, 8
            // the home subscription and subscriptions 1 and 2
            assertTrue(r.out().contains("7 services in 3 subscriptions: 6 Available, 1 Unavailable"), r.describe());
            assertTrue(r.err().contains("dicom-cmk diagnose --service /subscriptions/" + dev.dicomcmk.sandbox.SpreadFleet.subscriptionId(1)),
                    r.describe());
            assertEquals(2, graphQueries(s).size(), "one query for the services, one for their health");
            assertEquals(0, s.sandbox.requestLog().entries().stream()
                    .filter(e -> e.path().toLowerCase().contains("availabilitystatuses")).count(), "no health read per service");
        }
    }

    @Test
    void aGraphAnswerOutsideTheScopeAskedIsUnreadableNotAFleet() throws Exception {
        try (SandboxCli s = new SandboxCli("fleet-3-in-2")) {
            String foreign = "/subscriptions/00000000-0000-0000-0000-00000000dead/resourceGroups/x/providers/"
                    + "Microsoft.HealthcareApis/workspaces/w/dicomservices/d";
            s.sandbox.faults().add(dev.dicomcmk.sandbox.FaultRule.respond(200, java.util.Map.of("Content-Type", "application/json"),
                    "{\"totalRecords\":1,\"count\":1,\"resultTruncated\":\"false\",\"data\":[{\"id\":\"" + foreign
                            + "\",\"type\":\"microsoft.healthcareapis/workspaces/dicomservices\"}]}")
                    .forPath("(?i)/providers/Microsoft.ResourceGraph/resources").times(1));
            CliRunner.Result r = s.run("validate-key", "--all-subscriptions");
            assertEquals(6, r.exitCode(), r.describe());
            assertTrue(r.err().contains("a row outside what was asked"), r.describe());
            assertEquals("", r.out(), "nothing reported about a fleet that was not read");
        }
    }

    @Test
    void aManagementGroupScopesTheFleet() throws Exception {
        // fleet-mg holds subscriptions 1 and 2 (3 is another tenant's); the home subscription's demo is outside it
        try (SandboxCli s = new SandboxCli("fleet-9-in-3")) {
            CliRunner.Result r = s.run("-q", "validate-key", "--management-group", "fleet-mg", "-g", "fleet-rg-02");
            assertEquals(0, r.exitCode(), r.describe());
            String[] lines = r.out().strip().split("\n");
            assertEquals(3, lines.length, r.describe()); // dicom-0002, -0005, -0008
            assertTrue(r.out().contains("dicom-0005") && !r.out().contains("demo-dicom") && !r.out().contains("dicom-0004"),
                    r.describe());
            CliRunner.Result unknown = s.run("validate-key", "--management-group", "nope");
            assertEquals(6, unknown.exitCode(), unknown.describe());
            assertTrue(unknown.err().contains("ManagementGroupNotFound"), unknown.describe());
        }
    }
}
