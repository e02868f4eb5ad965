package dev.dicomcmk.azure;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Azure Resource Graph queries ({@code POST /providers/Microsoft.ResourceGraph/resources}): one query over
 * a scope, subscriptions sent in batches of at most {@link #subscriptionBatch} (Resource Graph's limit per
 * request), every batch paged with {@code $skipToken} in pages of {@link #pageSize} rows. Quota: a throttled
 * answer is retried after {@code x-ms-user-quota-resets-after} (see {@link ResourceGraphQuotaPolicy}); an answer
 * that says the quota is spent makes the next request wait for the reset rather than earn a 429.
 * Every answer must be a query result (objectArray {@code data}, its {@code count}) whose rows the caller's
 * check accepts (in the scope asked, of the type asked): anything else is unreadable, never a fact (I1).
 */
public final class ResourceGraphClient {

    public static final String API_VERSION = "2021-03-01";
    /** Resource Graph answers at most this many subscriptions in one request. */
    public static final int SUBSCRIPTION_BATCH = 1000;
    /** Rows per page: Resource Graph's largest $top. */
    public static final int PAGE_SIZE = 1000;
    /** A runaway paging (a skip token that never ends) stops here. */
    private static final int MAX_PAGES = 10_000;

    /** The subscriptions to query, or a management group (then subscriptions is empty). */
    public record Scope(List<String> subscriptions, String managementGroup) {
        public static Scope of(List<String> subscriptions) {
            return new Scope(List.copyOf(subscriptions), null);
        }

        public static Scope managementGroup(String name) {
            return new Scope(List.of(), name);
        }

        public String describe() {
            return managementGroup != null ? "management group " + managementGroup
                    : subscriptions.size() == 1 ? "subscription " + subscriptions.get(0) : subscriptions.size() + " subscriptions";
        }
    }

    private final ArmClient arm;
    private final int subscriptionBatch;
    private final int pageSize;

    public ResourceGraphClient(ArmClient arm) {
        this(arm, Integer.getInteger("dicom-cmk.resource-graph.subscription-batch", SUBSCRIPTION_BATCH),
                Integer.getInteger("dicom-cmk.resource-graph.page-size", PAGE_SIZE));
    }

    /** With smaller batches and pages than Resource Graph's limits (tests see batching and paging on small fleets). */
    public ResourceGraphClient(ArmClient arm, int subscriptionBatch, int pageSize) {
        this.arm = arm;
        this.subscriptionBatch = Math.max(1, Math.min(SUBSCRIPTION_BATCH, subscriptionBatch));
        this.pageSize = Math.max(1, Math.min(PAGE_SIZE, pageSize));
    }

    /**
     * Every row of the query over the scope, each once (by id), in the order of the answers.
     *
     * @param rowOk     what every row must be (its id in the scope, its type) to be taken at all
     * @param operation what the query is for, as failures name it ("find DICOM services")
     */
    public List<ObjectNode> query(String kql, Scope scope, Predicate<JsonNode> rowOk, String operation) {
        Map<String, ObjectNode> rows = new LinkedHashMap<>();
        List<List<String>> batches = new ArrayList<>();
        if (scope.managementGroup() != null) {
            batches.add(List.of());
        } else {
            for (int i = 0; i < scope.subscriptions().size(); i += subscriptionBatch) {
                batches.add(scope.subscriptions().subList(i, Math.min(scope.subscriptions().size(), i + subscriptionBatch)));
            }
        }
        Quota quota = new Quota();
        for (List<String> batch : batches) {
            String skipToken = null;
            int pages = 0;
            Set<String> asked = new HashSet<>();
            batch.forEach(s -> asked.add(s.toLowerCase(Locale.ROOT)));
            do {
                quota.waitIfSpent();
                JsonNode page = page(kql, scope.managementGroup(), batch, skipToken, operation, quota);
                for (JsonNode row : page.path("data")) {
                    if (!row.isObject() || !rowOk.test(row) || !inScope(row, asked)) {
                        throw Expected.queryResult("rows of the query " + operation + " asked for").refused(operation, 200,
                                arm.host(), "a row outside what was asked: " + Json.text(row, "id"));
                    }
                    rows.putIfAbsent(Json.text(row, "id").toLowerCase(Locale.ROOT), (ObjectNode) row);
                }
                skipToken = Json.text(page, "$skipToken");
            } while (skipToken != null && !skipToken.isEmpty() && ++pages < MAX_PAGES);
        }
        return new ArrayList<>(rows.values());
    }

    /**
     * A row of a subscription batch must carry an id in one of its subscriptions (lower case in {@code batch}; a
     * management group's batch is empty: any subscription). A set, not a scan: a page of 1,000 rows from a batch of
     * 1,000 subscriptions would otherwise cost a million comparisons.
     */
    private static boolean inScope(JsonNode row, Set<String> batch) {
        String id = Json.text(row, "id");
        if (id == null) {
            return false;
        }
        String lower = id.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("/subscriptions/")) {
            return false;
        }
        if (batch.isEmpty()) {
            return true;
        }
        int end = lower.indexOf('/', "/subscriptions/".length());
        return end > 0 && batch.contains(lower.substring("/subscriptions/".length(), end));
    }

    private JsonNode page(String kql, String managementGroup, List<String> batch, String skipToken, String operation, Quota quota) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (managementGroup != null) {
            body.putArray("managementGroups").add(managementGroup);
        } else {
            ArrayNode subs = body.putArray("subscriptions");
            batch.forEach(subs::add);
        }
        body.put("query", kql);
        ObjectNode options = body.putObject("options").put("$top", pageSize).put("resultFormat", "objectArray");
        if (skipToken != null) {
            options.put("$skipToken", skipToken);
        }
        Expected expected = Expected.queryResult("a Resource Graph query result");
        JsonNode answer = arm.send(HttpMethod.POST, arm.url("/providers/Microsoft.ResourceGraph/resources", API_VERSION),
                body.toString(), operation, expected, Context.NONE, quota::take);
        if (!answer.path("data").isArray() || !answer.path("count").canConvertToLong()
                || answer.path("count").asLong() != answer.path("data").size()) {
            throw expected.refused(operation, 200, arm.host(), "an object without a data list and its count");
        }
        return answer;
    }

    /** Resource Graph's quota headers of the last answer: when none is left, the next query waits for the reset. */
    private static final class Quota {
        private Duration waitBeforeNext;

        void take(HttpHeaders headers) {
            String remaining = headers.getValue(ResourceGraphQuotaPolicy.REMAINING);
            Duration reset = ResourceGraphQuotaPolicy.resetsAfter(headers.getValue(ResourceGraphQuotaPolicy.RESETS_AFTER));
            waitBeforeNext = "0".equals(remaining == null ? null : remaining.strip()) && reset != null
                    && reset.compareTo(ResourceGraphQuotaPolicy.LONGEST_WAIT) <= 0 ? reset : null;
        }

        void waitIfSpent() {
            if (waitBeforeNext == null) {
                return;
            }
            try {
                Thread.sleep(waitBeforeNext.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AzureFailure(AzureFailure.Kind.FAILED, "wait for Resource Graph's quota", 0, null, "interrupted", e);
            }
            waitBeforeNext = null;
        }
    }
}
