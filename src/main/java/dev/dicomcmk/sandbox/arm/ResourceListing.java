package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.UserAssignedIdentity;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;
import dev.dicomcmk.sandbox.world.Workspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET /subscriptions/{sub}[/resourceGroups/{rg}]/resources: every resource, child types included
 * (a DICOM service is "Microsoft.HealthcareApis/workspaces/dicomservices" named "ws/dicom"), with
 * $filter on resourceType / name / resourceGroup joined by "and", and $top + nextLink paging.
 */
final class ResourceListing {

    /** Pages hold at most this many entries, like ARM's own limit. */
    private static final int MAX_PAGE = 1000;
    private static final Pattern CONDITION = Pattern.compile("(?i)^\\s*(resourceType|name|resourceGroup)\\s+eq\\s+'([^']*)'\\s*$");

    /** One resource as the generic listing shows it, and the world object behind it. */
    record Item(String id, String name, String type, String location, Map<String, String> tags, String resourceGroup,
                long createdAt, Object source) {
    }

    List<Item> items(WorldState w) {
        List<Item> out = new ArrayList<>();
        for (Vault v : w.vaults) {
            out.add(new Item(v.id(w.subscriptionOf(v.resourceGroup)), v.name, v.armType(), v.location, v.tags, v.resourceGroup, v.createdAt, v));
        }
        for (UserAssignedIdentity u : w.userAssignedIdentities) {
            out.add(new Item(u.id(w.subscriptionOf(u.resourceGroup)), u.name, "Microsoft.ManagedIdentity/userAssignedIdentities", u.location,
                    u.tags, u.resourceGroup, u.createdAt, u));
        }
        for (Workspace ws : w.workspaces) {
            out.add(new Item(ws.id(w.subscriptionOf(ws.resourceGroup)), ws.name, "Microsoft.HealthcareApis/workspaces", ws.location, ws.tags,
                    ws.resourceGroup, ws.createdAt, ws));
        }
        for (DicomService d : w.dicomServices) {
            out.add(new Item(d.id(w.subscriptionOf(d.resourceGroup)), d.workspace + "/" + d.name,
                    "Microsoft.HealthcareApis/workspaces/dicomservices", d.location, d.tags, d.resourceGroup, d.createdAt, d));
        }
        return out;
    }

    Optional<Item> find(WorldState w, String id) {
        String wanted = id.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        return items(w).stream().filter(i -> i.id().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    Response list(WorldState w, Request r, String subscription, String resourceGroup) {
        String filter = r.queryIgnoreCase("$filter");
        String inSubscription = ("/subscriptions/" + subscription + "/").toLowerCase(Locale.ROOT);
        Predicate<Item> keep = i -> i.id().toLowerCase(Locale.ROOT).startsWith(inSubscription)
                && (resourceGroup == null || i.resourceGroup().equalsIgnoreCase(resourceGroup));
        if (filter != null && !filter.isBlank()) {
            for (String cond : filter.split("(?i)\\s+and\\s+")) {
                Matcher m = CONDITION.matcher(cond);
                if (!m.matches()) {
                    return ArmErrors.error(400, "InvalidFilterInQueryString", "Invalid $filter '" + filter
                            + "' specified in the query string. The sandbox supports resourceType eq '...', name eq '...'"
                            + " and resourceGroup eq '...' joined by 'and'.");
                }
                String field = m.group(1).toLowerCase(Locale.ROOT);
                String value = m.group(2);
                Predicate<Item> p = switch (field) {
                    case "resourcetype" -> i -> i.type().equalsIgnoreCase(value);
                    case "name" -> i -> i.name().equalsIgnoreCase(value);
                    default -> i -> i.resourceGroup().equalsIgnoreCase(value);
                };
                keep = keep.and(p);
            }
        }
        int top = MAX_PAGE;
        String topText = r.queryIgnoreCase("$top");
        if (topText != null) {
            try {
                top = Integer.parseInt(topText);
            } catch (NumberFormatException e) {
                top = -1;
            }
            if (top < 1 || top > MAX_PAGE) {
                return ArmErrors.error(400, "InvalidTopInQueryString", "The value '" + topText
                        + "' of $top is invalid: use an integer between 1 and " + MAX_PAGE + ".");
            }
        }
        int offset = 0;
        String skip = r.queryIgnoreCase("$skiptoken");
        if (skip != null) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(skip), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return ArmErrors.error(400, "InvalidSkipToken", "The $skiptoken is invalid.");
            }
        }
        List<Item> all = items(w).stream().filter(keep).toList();
        ArrayNode value = Json.arr();
        int end = Math.min(all.size(), offset + top);
        for (int i = Math.max(0, offset); i < end; i++) {
            value.add(render(w, all.get(i)));
        }
        ObjectNode body = Json.obj();
        body.set("value", value);
        if (end < all.size()) {
            StringBuilder next = new StringBuilder("https://" + SandboxContext.MANAGEMENT_HOST + r.path()
                    + "?api-version=" + r.query("api-version"));
            if (filter != null) {
                next.append("&$filter=").append(ArmEndpoint.encode(filter));
            }
            if (topText != null) {
                next.append("&$top=").append(top);
            }
            next.append("&$skiptoken=").append(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8)));
            body.put("nextLink", next.toString());
        }
        return Response.json(200, body);
    }

    private static ObjectNode render(WorldState w, Item i) {
        ObjectNode o = Json.obj().put("id", i.id()).put("name", i.name()).put("type", i.type()).put("location", i.location());
        if (i.source() instanceof Vault v) {
            o.set("sku", v.isManagedHsm() ? Json.obj().put("family", "B").put("name", v.skuName)
                    : Json.obj().put("family", "A").put("name", v.skuName));
        }
        if (i.source() instanceof DicomService d) {
            o.set("identity", ArmJson.identity(w, d));
        }
        o.set("tags", Json.strings(i.tags()));
        return o;
    }
}
