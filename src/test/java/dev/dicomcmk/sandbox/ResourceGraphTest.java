package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The sandbox's Resource Graph (POST /providers/Microsoft.ResourceGraph/resources) over a fleet spread
 * across subscriptions: objectArray pages continued by $skipToken, the subscription limit per request,
 * the quota headers and 429 past the quota, rows only from subscriptions the caller can read, the
 * management group scope, HealthResources, and Resource Graph's refusal of a query outside the subset.
 */
class ResourceGraphTest {

    private static final String URL = "https://management.sandbox.test/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01";
    private static final String DICOM = "resources | where type =~ 'microsoft.healthcareapis/workspaces/dicomservices'"
            + " | extend kek = tolower(tostring(properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl))"
            + " | where isnotempty(kek) | project id, name, subscriptionId, resourceGroup, kek, properties | order by id asc";

    private static SandboxClient.Resp query(SandboxClient c, String body) {
        return c.send("POST", URL, body, Map.of("Authorization", "Bearer " + c.token("https://management.sandbox.test/.default"),
                "Content-Type", "application/json"));
    }

    private static String body(List<String> subs, String query, String options) {
        StringBuilder b = new StringBuilder("{");
        if (subs != null) {
            b.append("\"subscriptions\":[");
            for (int i = 0; i < subs.size(); i++) {
                b.append(i == 0 ? "" : ",").append('"').append(subs.get(i)).append('"');
            }
            b.append("],");
        }
        return b.append("\"query\":").append(Json.MAPPER.valueToTree(query).toString()).append(",\"options\":").append(options)
                .append('}').toString();
    }

    @Test
    void pagesWithSkipTokenOverEveryReadableSubscription() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("fleet-20-in-5"))) {
            SandboxClient c = new SandboxClient(sb);
            List<String> subs = new ArrayList<>();
            for (int j = 1; j <= 5; j++) {
                subs.add(SpreadFleet.subscriptionId(j));
            }
            subs.add(SandboxIds.SUBSCRIPTION_ID);
            Set<String> ids = new HashSet<>();
            String token = null;
            int pages = 0;
            do {
                String options = "{\"$top\":5,\"resultFormat\":\"objectArray\"" + (token == null ? "" : ",\"$skipToken\":\"" + token + "\"") + "}";
                SandboxClient.Resp r = query(c, body(subs, DICOM, options));
                assertEquals(200, r.status(), r.body());
                assertNotNull(r.header("x-ms-user-quota-remaining"));
                assertTrue(r.header("x-ms-user-quota-resets-after").matches("\\d\\d:\\d\\d:\\d\\d"));
                JsonNode j = r.json();
                assertEquals(j.path("data").size(), j.path("count").asInt());
                j.path("data").forEach(row -> ids.add(row.path("id").asText()));
                token = j.hasNonNull("$skipToken") ? j.path("$skipToken").asText() : null;
                pages++;
                // subscriptions 1, 2 and 3 are readable; 4 holds no role for the operator, 5 is another tenant's
                assertEquals(1 + 12, j.path("totalRecords").asInt(), "demo plus the fleet's services in subscriptions 1-3");
            } while (token != null && pages < 10);
            assertEquals(3, pages);
            assertEquals(13, ids.size());
            assertTrue(ids.stream().noneMatch(id -> id.contains(SpreadFleet.subscriptionId(4)) || id.contains(SpreadFleet.subscriptionId(5))));
        }
    }

    /**
     * A $skipToken continues the result its first page came from: a service deleted between two pages neither
     * shifts a row of the next page out of sight nor changes the total. (Before, each page evaluated the whole
     * query again: the sandbox's own cost of paging a 10,000-service fleet, and a row skipped here.)
     */
    @Test
    void pagesAfterTheFirstContinueTheSameResult() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("fleet-20-in-5"))) {
            SandboxClient c = new SandboxClient(sb);
            List<String> subs = List.of(SpreadFleet.subscriptionId(1), SpreadFleet.subscriptionId(2), SpreadFleet.subscriptionId(3));
            JsonNode first = query(c, body(subs, DICOM, "{\"$top\":5}")).json();
            assertEquals(12, first.path("totalRecords").asInt());
            Set<String> ids = new HashSet<>();
            first.path("data").forEach(row -> ids.add(row.path("id").asText()));
            String firstId = first.path("data").path(0).path("id").asText();
            sb.world().update(w -> w.dicomServices.removeIf(d -> firstId.toLowerCase(java.util.Locale.ROOT)
                    .endsWith("/dicomservices/" + d.name.toLowerCase(java.util.Locale.ROOT))));
            String token = first.path("$skipToken").asText();
            int pages = 1;
            while (token != null && pages < 10) {
                JsonNode page = query(c, body(subs, DICOM, "{\"$top\":5,\"$skipToken\":\"" + token + "\"}")).json();
                assertEquals(12, page.path("totalRecords").asInt(), "the total of the result being paged");
                page.path("data").forEach(row -> assertTrue(ids.add(row.path("id").asText()), "twice: " + row));
                token = page.hasNonNull("$skipToken") ? page.path("$skipToken").asText() : null;
                pages++;
            }
            assertEquals(12, ids.size(), "every row of the result, none skipped");
            JsonNode fresh = query(c, body(subs, DICOM, "{\"$top\":5}")).json();
            assertEquals(11, fresh.path("totalRecords").asInt(), "a new query sees the deletion");
        }
    }

    @Test
    void refusesTooManySubscriptionsAQueryOutsideTheSubsetAndASpentQuota() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("fleet-6-in-3"))) {
            sb.world().update(w -> {
                w.resourceGraph.maxSubscriptionsPerQuery = 2;
                w.resourceGraph.quotaPerWindow = 2;
                w.resourceGraph.windowSeconds = 30;
            });
            SandboxClient c = new SandboxClient(sb);
            List<String> three = List.of(SpreadFleet.subscriptionId(1), SpreadFleet.subscriptionId(2), SpreadFleet.subscriptionId(3));
            SandboxClient.Resp tooMany = query(c, body(three, DICOM, "{}"));
            assertEquals(400, tooMany.status());
            assertEquals("TooManySubscriptions", tooMany.json().path("error").path("details").path(0).path("code").asText());

            SandboxClient.Resp bad = query(c, body(three.subList(0, 1), "resources | summarize count() by location", "{}"));
            assertEquals(400, bad.status(), bad.body());
            JsonNode error = bad.json().path("error");
            assertEquals("BadRequest", error.path("code").asText());
            assertEquals("InvalidQuery", error.path("details").path(0).path("code").asText());
            assertEquals("ParserFailure", error.path("details").path(1).path("code").asText());
            assertEquals("summarize", error.path("details").path(1).path("token").asText());

            SandboxClient.Resp spent = query(c, body(three.subList(0, 1), DICOM, "{}"));
            assertEquals(429, spent.status(), "the third query of a window of two (refused queries count too)");
            assertEquals("0", spent.header("x-ms-user-quota-remaining"));
            assertTrue(spent.header("x-ms-user-quota-resets-after").matches("00:00:[0-3]\\d"));
            assertEquals("RateLimiting", spent.json().path("error").path("code").asText());
        }
    }

    @Test
    void managementGroupScopeAndHealthResources() throws Exception {
        try (Sandbox sb = Sandbox.start(SandboxConfig.of("fleet-8-in-4"))) {
            SandboxClient c = new SandboxClient(sb);
            String mg = "{\"managementGroups\":[\"fleet-mg\"],\"query\":" + Json.MAPPER.valueToTree(DICOM).toString() + "}";
            JsonNode rows = query(c, mg).json();
            // fleet-mg holds subscriptions 1-3 (4 is another tenant's); the operator cannot read 3
            assertEquals(4, rows.path("totalRecords").asInt(), rows.toString());
            String health = "healthresources | where type =~ 'microsoft.resourcehealth/availabilitystatuses'"
                    + " | where properties.targetResourceType =~ 'microsoft.healthcareapis/workspaces/dicomservices'"
                    + " | project id, properties";
            JsonNode h = query(c, body(List.of(SpreadFleet.subscriptionId(1)), health, "{}")).json();
            assertEquals(2, h.path("totalRecords").asInt(), h.toString());
            assertEquals("Available", h.path("data").path(0).path("properties").path("availabilityState").asText());
            assertTrue(h.path("data").path(0).path("id").asText().endsWith("/providers/Microsoft.ResourceHealth/availabilityStatuses/current"));
        }
    }
}
