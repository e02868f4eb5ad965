package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.SandboxWorld;
import dev.dicomcmk.sandbox.graph.KqlQuery;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.rbac.ArmPermissions;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.ResourceGraphLimits;
import dev.dicomcmk.sandbox.world.WorldState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /providers/Microsoft.ResourceGraph/resources}: Resource Graph over the sandbox's world
 * (docs/sandbox-resource-graph.md). The scope is the request's {@code subscriptions} (at most
 * {@link ResourceGraphLimits#maxSubscriptionsPerQuery}), its {@code managementGroups}, or else every
 * subscription the caller can read; subscriptions the caller cannot read (another tenant's, one without a
 * role) add no rows, as Resource Graph answers them. The query is the {@link KqlQuery} subset; answers are
 * objectArray pages ({@code $top}, default {@link ResourceGraphLimits#defaultPageSize}) continued by an
 * opaque {@code $skipToken} bound to the query and scope. Every answer carries the per-user quota
 * headers; past the quota of the window, 429 RateLimiting until the window resets (wall-clock time: the
 * client waits in real time, whatever the sandbox clock says).
 */
final class ResourceGraphApi {

    static final List<String> API_VERSIONS = List.of("2019-04-01", "2020-04-01-preview", "2021-03-01",
            "2021-06-01-preview", "2022-10-01", "2024-04-01");
    private static final int MAX_TOP = 1000;
    private static final Map<String, List<String>> SCHEMA = Map.of(
            "resources", List.of("id", "name", "type", "tenantId", "kind", "location", "resourceGroup", "subscriptionId",
                    "managedBy", "sku", "plan", "properties", "tags", "identity", "zones", "extendedLocation"),
            "healthresources", List.of("id", "name", "type", "tenantId", "kind", "location", "resourceGroup",
                    "subscriptionId", "managedBy", "sku", "plan", "properties", "tags", "identity", "zones",
                    "extendedLocation"));

    private final SandboxContext ctx;
    private final ResourceListing listing;
    /** Each caller's quota window: when it started (ms) and how many queries it has held. */
    private final Map<String, long[]> windows = new ConcurrentHashMap<>();
    /**
     * The rows of each query still being paged, by the id its {@code $skipToken} carries: a page after the first
     * is cut from the result its first page came from, as Resource Graph continues one result, instead of the
     * whole query being evaluated again for every page (which made the sandbox, not the client, the cost of
     * paging a large fleet). A few at a time, the least recently paged dropped; a token whose result was dropped
     * is answered by evaluating the query again.
     */
    private final Map<String, List<ObjectNode>> paging = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<ObjectNode>> eldest) {
                    return size() > PAGED_RESULTS_KEPT;
                }
            });
    private static final int PAGED_RESULTS_KEPT = 8;

    ResourceGraphApi(SandboxContext ctx, ResourceListing listing) {
        this.ctx = ctx;
        this.listing = listing;
    }

    Response handle(WorldState w, Request r, String callerOid) {
        if (!r.method().equals("POST")) {
            return ArmEndpoint.notSimulated(r);
        }
        String version = r.query("api-version");
        if (version == null || !API_VERSIONS.contains(version)) {
            return ArmErrors.error(400, version == null ? "MissingApiVersionParameter" : "InvalidApiVersionParameter",
                    "The api-version '" + (version == null ? "" : version) + "' is invalid. The supported versions are '"
                            + String.join(",", API_VERSIONS) + "'.");
        }
        String[] quota = new String[2];
        if (!spend(w.resourceGraph, callerOid, quota)) {
            return badRequest(429, "RateLimiting", List.of(detail("RateLimiting", "Client application has been throttled and"
                    + " should not attempt to repeat the request until an amount of time has elapsed. Please see"
                    + " https://aka.ms/resourcegraph-throttling for help.")))
                    .header("x-ms-user-quota-remaining", "0").header("x-ms-user-quota-resets-after", quota[1]);
        }
        return answer(w, r, callerOid).header("x-ms-user-quota-remaining", quota[0])
                .header("x-ms-user-quota-resets-after", quota[1]);
    }

    private Response answer(WorldState w, Request r, String callerOid) {
        JsonNode body = Json.parseOrNull(r.body());
        if (body == null || !body.isObject() || !body.path("query").isTextual()) {
            return badRequest(400, "BadRequest", List.of(detail("InvalidQueryRequest",
                    "The request body must be a QueryRequest object with a 'query' string.")));
        }
        JsonNode options = body.path("options");
        String format = options.path("resultFormat").asText("objectArray");
        if (!format.equalsIgnoreCase("objectArray")) {
            return badRequest(400, "BadRequest", List.of(detail("UnsupportedResultFormat", "The sandbox answers"
                    + " resultFormat 'objectArray' only (asked: '" + format + "').")));
        }
        int top = options.path("$top").asInt(w.resourceGraph.defaultPageSize);
        if (options.has("$top") && (!options.path("$top").canConvertToInt() || top < 1 || top > MAX_TOP)) {
            return badRequest(400, "BadRequest", List.of(detail("InvalidTop", "$top must be between 1 and " + MAX_TOP + ".")));
        }
        List<String> scope;
        if (body.path("subscriptions").isArray() && !body.path("subscriptions").isEmpty()) {
            if (body.path("subscriptions").size() > w.resourceGraph.maxSubscriptionsPerQuery) {
                return badRequest(400, "BadRequest", List.of(detail("TooManySubscriptions", "The query names "
                        + body.path("subscriptions").size() + " subscriptions; at most "
                        + w.resourceGraph.maxSubscriptionsPerQuery + " are allowed in one request. Batch the subscriptions.")));
            }
            scope = new ArrayList<>();
            body.path("subscriptions").forEach(s -> scope.add(s.asText()));
        } else if (body.path("managementGroups").isArray() && !body.path("managementGroups").isEmpty()) {
            Set<String> subs = new LinkedHashSet<>();
            for (JsonNode g : body.path("managementGroups")) {
                List<String> members = w.managementGroups.entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase(g.asText())).map(Map.Entry::getValue).findFirst()
                        .orElse(g.asText().equalsIgnoreCase(w.tenantId) ? w.subscriptionIds() : null);
                if (members == null) {
                    return badRequest(400, "BadRequest", List.of(detail("ManagementGroupNotFound", "The management group '"
                            + g.asText() + "' could not be found, or the caller cannot read it.")));
                }
                subs.addAll(members);
            }
            scope = new ArrayList<>(subs);
        } else {
            scope = w.subscriptionIds();
        }
        KqlQuery query;
        try {
            query = KqlQuery.parse(body.path("query").asText(), SCHEMA);
        } catch (KqlQuery.InvalidQuery e) {
            return invalidQuery(e, body.path("query").asText());
        }
        String binding = Integer.toHexString((query.table + "|" + body.path("query").asText() + "|" + String.join(",", scope)
                .toLowerCase(Locale.ROOT)).hashCode());
        int offset = options.path("$skip").asInt(0);
        String result = UUID.randomUUID().toString();
        List<ObjectNode> rows = null;
        if (options.hasNonNull("$skipToken")) {
            JsonNode token = decode(options.path("$skipToken").asText(), binding);
            if (token == null) {
                return badRequest(400, "BadRequest", List.of(detail("InvalidSkipToken", "The $skipToken is invalid, or"
                        + " was issued for another query or scope.")));
            }
            offset = token.path("$skip").asInt();
            if (token.path("r").isTextual()) {
                result = token.path("r").asText();
                rows = paging.get(callerOid + "|" + result);
            }
        }
        if (rows == null) {
            rows = query.run(rows(w, query.table, readable(w, scope, callerOid), callerOid));
        }
        ArrayNode data = Json.arr();
        int end = Math.min(rows.size(), offset + top);
        for (int i = Math.max(0, offset); i < end; i++) {
            data.add(rows.get(i));
        }
        ObjectNode out = Json.obj().put("totalRecords", rows.size()).put("count", data.size()).put("resultTruncated", "false");
        if (end < rows.size()) {
            paging.put(callerOid + "|" + result, rows);
            out.put("$skipToken", Base64.getEncoder().encodeToString(("{\"$skip\":" + end + ",\"q\":\"" + binding
                    + "\",\"r\":\"" + result + "\"}").getBytes(StandardCharsets.UTF_8)));
        } else {
            paging.remove(callerOid + "|" + result);
        }
        out.set("facets", Json.arr());
        out.set("data", data);
        return Response.json(200, out);
    }

    /** The scope's subscriptions the caller can see rows of: home-tenant ones it holds a role in, at or below. */
    private static Set<String> readable(WorldState w, List<String> scope, String oid) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : scope) {
            if (w.tenantId.equalsIgnoreCase(String.valueOf(w.tenantOfSubscription(s)))) {
                String prefix = ("/subscriptions/" + s + "/").toLowerCase(Locale.ROOT);
                if (w.roleAssignments.stream().anyMatch(a -> a.principalId.equalsIgnoreCase(oid)
                        && (a.scope.toLowerCase(Locale.ROOT) + "/").startsWith(prefix))) {
                    out.add(s.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private List<ObjectNode> rows(WorldState w, String table, Set<String> subscriptions, String oid) {
        Map<String, Boolean> readsAll = new java.util.HashMap<>();
        List<ObjectNode> out = new ArrayList<>();
        long now = ctx.now();
        SandboxWorld world = ctx.world();
        var assignmentsOf = table.equals("resources") ? null : world.assignmentsByPrincipal();
        for (ResourceListing.Item item : listing.items(w)) {
            String sub = item.id().split("/")[2];
            if (!subscriptions.contains(sub.toLowerCase(Locale.ROOT))) {
                continue;
            }
            // a caller who reads the whole subscription reads every row of it; else row by row, as ARM authorizes
            boolean all = readsAll.computeIfAbsent(sub.toLowerCase(Locale.ROOT), s ->
                    ArmPermissions.allows(w.roleAssignments, oid, "*/read", "/subscriptions/" + sub));
            if (!all && !ArmPermissions.allows(w.roleAssignments, oid, item.type() + "/read", item.id())) {
                continue;
            }
            if (table.equals("resources")) {
                out.add(resourceRow(w, item, sub));
            } else if (item.source() instanceof DicomService d) {
                // Resource Health keeps a current availability for each resource it covers: the DICOM services here
                SandboxWorld.Health h = world.health(d, assignmentsOf);
                long since = Math.max(d.lastModifiedAt, d.accessRestoredAt == null ? 0 : d.accessRestoredAt);
                ObjectNode status = ArmJson.availability(item.id(), item.location(), h, since, now, false, true);
                ObjectNode props = ((ObjectNode) status.path("properties")).deepCopy();
                props.put("targetResourceType", item.type()).put("targetResourceId", item.id());
                ObjectNode row = base(w, status.path("id").asText(), "current", "microsoft.resourcehealth/availabilitystatuses",
                        item.location(), item.resourceGroup(), sub);
                row.set("properties", props);
                out.add(row);
            }
        }
        return out;
    }

    private static ObjectNode resourceRow(WorldState w, ResourceListing.Item item, String sub) {
        ObjectNode row = base(w, item.id(), item.name(), item.type().toLowerCase(Locale.ROOT), item.location(),
                item.resourceGroup(), sub);
        JsonNode full = item.source() instanceof DicomService d ? ArmJson.dicomService(w, d) : null;
        row.set("properties", full != null && full.has("properties") ? full.get("properties") : Json.obj());
        row.set("tags", Json.strings(item.tags()));
        row.set("identity", full != null && full.has("identity") ? full.get("identity") : Json.MAPPER.nullNode());
        return row;
    }

    private static ObjectNode base(WorldState w, String id, String name, String type, String location, String rg, String sub) {
        ObjectNode row = Json.obj().put("id", id).put("name", name).put("type", type).put("tenantId", w.tenantId)
                .put("kind", "").put("location", location).put("resourceGroup", rg.toLowerCase(Locale.ROOT))
                .put("subscriptionId", sub).put("managedBy", "");
        row.putNull("sku");
        row.putNull("plan");
        row.set("tags", Json.obj());
        row.putNull("identity");
        row.putNull("zones");
        row.putNull("extendedLocation");
        return row;
    }

    /** Takes one query from the caller's window; false when the window's quota is spent. quota[0] remaining, [1] resets-after. */
    private boolean spend(ResourceGraphLimits limits, String oid, String[] quota) {
        long now = System.currentTimeMillis();
        long windowMs = limits.windowSeconds * 1000L;
        synchronized (windows) {
            long[] win = windows.computeIfAbsent(oid, k -> new long[] {now, 0});
            if (now - win[0] >= windowMs) {
                win[0] = now;
                win[1] = 0;
            }
            long left = Math.max(0, win[0] + windowMs - now);
            quota[1] = hms((left + 999) / 1000);
            if (win[1] >= limits.quotaPerWindow) {
                quota[0] = "0";
                return false;
            }
            win[1]++;
            quota[0] = String.valueOf(limits.quotaPerWindow - win[1]);
            return true;
        }
    }

    private static String hms(long seconds) {
        return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /** The token's {@code $skip} (and the id of the result it continues), or null when it is not one of ours for this query. */
    private static JsonNode decode(String token, String binding) {
        try {
            JsonNode t = Json.parseOrNull(Base64.getDecoder().decode(token));
            if (t == null || !binding.equals(t.path("q").asText()) || !t.path("$skip").canConvertToInt()) {
                return null;
            }
            return t;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Resource Graph's refusal of a query: 400 BadRequest, InvalidQuery, and the parser's failure with its position. */
    private static Response invalidQuery(KqlQuery.InvalidQuery e, String query) {
        int line = 1;
        int col = 0;
        for (int i = 0; i < Math.min(e.position, query.length()); i++) {
            if (query.charAt(i) == '\n') {
                line++;
                col = 0;
            } else {
                col++;
            }
        }
        ObjectNode parser = detail("ParserFailure", "ParserFailure: " + e.getMessage()).put("line", line)
                .put("characterPositionInLine", col).put("token", e.token);
        return badRequest(400, "BadRequest", List.of(detail("InvalidQuery", "Query is invalid. Please refer to the"
                + " documentation for the Azure Resource Graph service and fix the error before retrying."), parser));
    }

    private static ObjectNode detail(String code, String message) {
        return Json.obj().put("code", code).put("message", message);
    }

    /** Resource Graph's envelope: a support line as the message, the reasons in details. */
    private static Response badRequest(int status, String code, List<ObjectNode> details) {
        ObjectNode e = Json.obj().put("code", code).put("message", "Please provide below info when asking for support: "
                + "timestamp = " + Instant.now() + ", correlationId = " + UUID.randomUUID() + ".");
        ArrayNode d = Json.arr();
        details.forEach(d::add);
        e.set("details", d);
        return Response.json(status, Json.obj().set("error", e));
    }
}
