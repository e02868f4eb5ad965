package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.RequestLog;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.SandboxWorld;
import dev.dicomcmk.sandbox.entra.TokenIssuer;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.rbac.ArmPermissions;
import dev.dicomcmk.sandbox.world.AsyncOperation;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.ResourceGroup;
import dev.dicomcmk.sandbox.world.WorldState;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * management.sandbox.test: Azure Resource Manager for the resource types the tool reads. Checks
 * the bearer token, then subscription, api-version, resource group and resource, in ARM's order.
 * Role assignments and definitions are in {@link AuthorizationApi}, listings in {@link ResourceListing}.
 */
public final class ArmEndpoint {

    private final SandboxContext ctx;
    private final AuthorizationApi authorization;
    private final ResourceListing listing;
    private final ProviderWrites providerWrites;
    private final DeploymentsApi deployments;
    private final ResourceGraphApi resourceGraph;
    private final WhatIfResults whatIfResults = new WhatIfResults();

    public ArmEndpoint(SandboxContext ctx) {
        this.ctx = ctx;
        this.authorization = new AuthorizationApi(ctx);
        this.listing = new ResourceListing();
        this.providerWrites = new ProviderWrites(ctx);
        this.deployments = new DeploymentsApi(ctx, whatIfResults);
        this.resourceGraph = new ResourceGraphApi(ctx, listing);
    }

    public Response handle(Request r) {
        TokenIssuer.Claims[] caller = new TokenIssuer.Claims[1];
        Response resp = authenticate(r, caller);
        boolean[] filtered = new boolean[1];
        if (resp == null) {
            resp = authorize(r, caller[0], filtered);
        }
        if (resp == null) {
            // a what-if only computes an answer: nothing to re-evaluate or save
            boolean write = RequestLog.isWrite(r.method(), r.host(), r.path());
            // while an operation runs, reads move it along (polls, due times): keep that in the saved state too
            boolean pending = ctx.world().read(w -> w.operations.stream().anyMatch(o -> !o.done()));
            TokenIssuer.Claims who = caller[0];
            resp = ctx.world().handle(w -> route(w, r, who), write || pending);
            if (filtered[0]) {
                resp = visibleOnly(resp, who);
            }
        }
        String correlation = r.header("x-ms-correlation-request-id");
        return resp.defaultHeader("Cache-Control", "no-cache").defaultHeader("Pragma", "no-cache")
                .defaultHeader("Expires", "-1")
                .defaultHeader("x-ms-correlation-request-id", correlation != null ? correlation : UUID.randomUUID().toString())
                .defaultHeader("x-ms-routing-request-id", "WESTUS2:" + ArmJson.iso(ctx.now()).replaceAll("[-:]", "") + ":"
                        + UUID.randomUUID())
                .defaultHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                .defaultHeader("X-Content-Type-Options", "nosniff");
    }

    /**
     * Null when the caller holds the action the request is authorized as at its scope (or it needs none);
     * else ARM's 403 AuthorizationFailed. Requests to another subscription go on to its SubscriptionNotFound.
     */
    private Response authorize(Request r, TokenIssuer.Claims caller, boolean[] filtered) {
        ArmOperation op = ArmOperation.of(r.method(), r.path());
        if (op.action() == null) {
            return null;
        }
        List<String> seg = List.of(op.scope().replaceAll("^/+", "").split("/"));
        boolean ours = ctx.world().read(w -> seg.size() >= 2 && w.tenantOfSubscription(seg.get(1)) != null);
        if (!ours || ctx.world().read(w -> ArmPermissions.allows(w.roleAssignments, caller.oid(), op.action(), op.scope()))) {
            return null;
        }
        if (r.method().equals("GET") && seg.size() == 2) {
            // a subscription-wide list (resources, resource groups) answers what the caller may read, as ARM does
            filtered[0] = true;
            return null;
        }
        return ArmErrors.authorizationFailed(caller.oid(), op.action(), op.scope());
    }

    /** A list answer cut down to the items the caller may read ({type}/read at the item's id). */
    private Response visibleOnly(Response resp, TokenIssuer.Claims caller) {
        if (resp.status() != 200) {
            return resp;
        }
        com.fasterxml.jackson.databind.JsonNode body = Json.parseOrNull(resp.body());
        if (body == null || !body.path("value").isArray()) {
            return resp;
        }
        ArrayNode kept = Json.arr();
        ctx.world().read(w -> {
            for (com.fasterxml.jackson.databind.JsonNode item : body.path("value")) {
                String id = item.path("id").asText("");
                String type = item.path("type").asText("");
                if (!id.isEmpty() && !type.isEmpty()
                        && ArmPermissions.allows(w.roleAssignments, caller.oid(), type + "/read", id)) {
                    kept.add(item);
                }
            }
            return null;
        });
        ((ObjectNode) body).set("value", kept);
        Response out = Response.json(200, body);
        resp.headers().forEach(out::defaultHeader);
        return out;
    }

    /** Null when the bearer token is valid for ARM in the home tenant (its claims in {@code caller}); else ARM's 401. */
    private Response authenticate(Request r, TokenIssuer.Claims[] caller) {
        String auth = r.header("Authorization");
        String home = ctx.credentials().tenantId();
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return unauthorized("InvalidAuthenticationToken", "The access token is missing or invalid: the request has no"
                    + " 'Authorization: Bearer' header.", home);
        }
        TokenIssuer.Claims c;
        try {
            c = ctx.tokens().verify(auth.substring(7), ctx.now());
        } catch (TokenIssuer.InvalidToken e) {
            if (e.expired()) {
                return unauthorized("ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current"
                        + " UTC time.", home);
            }
            return unauthorized("InvalidAuthenticationToken", "The access token is invalid. " + e.getMessage(), home);
        }
        if (!TokenIssuer.sameAudience(c.aud(), SandboxContext.MANAGEMENT_AUDIENCE)) {
            return unauthorized("InvalidAuthenticationToken", "The access token has been obtained for wrong audience or"
                    + " resource '" + c.aud() + "'. It should exactly match with one of the allowed audiences '"
                    + SandboxContext.MANAGEMENT_AUDIENCE + "'.", home);
        }
        if (!c.tid().equalsIgnoreCase(home)) {
            return unauthorized("InvalidAuthenticationTokenTenant", "The access token is from the wrong issuer"
                    + " 'https://sts.windows.net/" + c.tid() + "/'. It must match the tenant 'https://sts.windows.net/" + home
                    + "/' associated with this subscription. Please use the authority (URL) 'https://" + SandboxContext.LOGIN_HOST
                    + "/" + home + "' to get the token.", home);
        }
        caller[0] = c;
        return null;
    }

    private Response unauthorized(String code, String message, String tenant) {
        return ArmErrors.error(401, code, message).header("WWW-Authenticate", "Bearer authorization_uri=\"https://"
                + SandboxContext.LOGIN_HOST + "/" + tenant + "\", error=\"invalid_token\", error_description=\""
                + message.replace("\"", "'") + "\"");
    }

    private Response route(WorldState w, Request r, TokenIssuer.Claims caller) {
        String path = r.path().replaceAll("/+$", "");
        String lower = path.toLowerCase(Locale.ROOT);
        AsyncOperations.settleDue(w, ctx.now());
        int auth = lower.lastIndexOf("/providers/microsoft.authorization/");
        if (auth >= 0) {
            return authorization.handle(w, r, caller.oid(), path.substring(0, auth), path.substring(auth + "/providers/microsoft.authorization/".length()));
        }
        int health = lower.lastIndexOf("/providers/microsoft.resourcehealth/availabilitystatuses/current");
        if (health >= 0 && lower.endsWith("/providers/microsoft.resourcehealth/availabilitystatuses/current")) {
            return resourceHealth(w, r, path.substring(0, health));
        }
        if (lower.equals("/providers/microsoft.resourcegraph/resources")) {
            return resourceGraph.handle(w, r, caller.oid());
        }
        List<String> seg = List.of(path.replaceAll("^/+", "").split("/"));
        if (seg.isEmpty() || !seg.get(0).equalsIgnoreCase("subscriptions")) {
            return ArmErrors.error(404, "NotFound", "No HTTP resource was found that matches the request URI '"
                    + "https://" + SandboxContext.MANAGEMENT_HOST + r.path() + "'.");
        }
        if (seg.size() == 1) {
            Response bad = ApiVersions.check(r, ApiVersions.SUBSCRIPTIONS, null, w.location);
            if (bad != null) {
                return bad;
            }
            return Response.json(200, Json.obj().set("value", subscriptionsOf(w, caller)));
        }
        String tenant = w.tenantOfSubscription(seg.get(1));
        if (tenant == null) {
            return ArmErrors.subscriptionNotFound(seg.get(1));
        }
        if (!tenant.equalsIgnoreCase(w.tenantId)) {
            // a subscription of another tenant: the home tenant's token is not for it
            return unauthorized("InvalidAuthenticationTokenTenant", "The access token is from the wrong issuer 'https://sts.windows.net/"
                    + w.tenantId + "/'. It must match the tenant 'https://sts.windows.net/" + tenant + "/' associated with this"
                    + " subscription. Please use the authority (URL) 'https://" + SandboxContext.LOGIN_HOST + "/" + tenant
                    + "' to get the token.", tenant);
        }
        Response special = operationResults(w, r, seg);
        if (special != null) {
            return special;
        }
        if (!r.method().equals("GET")) {
            return write(w, r, seg);
        }
        if (seg.size() == 2) {
            Response bad = ApiVersions.check(r, ApiVersions.SUBSCRIPTIONS, null, w.location);
            return bad != null ? bad : Response.json(200, subscriptionJson(w, seg.get(1)));
        }
        String third = seg.get(2).toLowerCase(Locale.ROOT);
        if (third.equals("providers") && seg.size() <= 4) {
            return ProvidersApi.get(w, r, seg.size() == 4 ? seg.get(3) : null);
        }
        if (third.equals("resources") && seg.size() == 3) {
            Response bad = ApiVersions.check(r, ApiVersions.RESOURCES, null, w.location);
            return bad != null ? bad : listing.list(w, r, seg.get(1), null);
        }
        if (third.equals("resourcegroups")) {
            // resource group reads are Microsoft.Resources; provider resources below check their own versions
            boolean providerPath = seg.size() >= 7 && seg.get(4).equalsIgnoreCase("providers");
            Response bad = providerPath ? null : ApiVersions.check(r, ApiVersions.RESOURCES, null, w.location);
            if (bad != null) {
                return bad;
            }
            if (seg.size() == 3) {
                ArrayNode value = Json.arr();
                w.resourceGroups.stream().filter(g -> w.subscriptionOf(g.name).equalsIgnoreCase(seg.get(1)))
                        .forEach(g -> value.add(ArmJson.resourceGroup(w, g)));
                return Response.json(200, Json.obj().set("value", value));
            }
            Optional<ResourceGroup> g = w.resourceGroup(seg.get(1), seg.get(3));
            if (g.isEmpty()) {
                return ArmErrors.resourceGroupNotFound(seg.get(3));
            }
            if (seg.size() == 4) {
                return Response.json(200, ArmJson.resourceGroup(w, g.get()));
            }
            if (seg.size() == 5 && seg.get(4).equalsIgnoreCase("resources")) {
                return listing.list(w, r, seg.get(1), g.get().name);
            }
            if (seg.size() >= 7 && seg.get(4).equalsIgnoreCase("providers")) {
                return providerResource(w, r, g.get(), seg.get(5), seg.subList(6, seg.size()));
            }
        }
        return ArmErrors.error(404, "NotFound", "No HTTP resource was found that matches the request URI 'https://"
                + SandboxContext.MANAGEMENT_HOST + r.path() + "'.");
    }

    /** The subscriptions of the home tenant the caller holds a role in (GET /subscriptions), the home one first. */
    private static ArrayNode subscriptionsOf(WorldState w, TokenIssuer.Claims caller) {
        ArrayNode value = Json.arr();
        for (String id : w.subscriptionIds()) {
            String prefix = ("/subscriptions/" + id).toLowerCase(Locale.ROOT);
            // as ARM lists them: every subscription the caller holds a role in, at it or anywhere below it
            boolean holdsRole = id.equalsIgnoreCase(w.subscriptionId) || w.roleAssignments.stream().anyMatch(a ->
                    a.principalId.equalsIgnoreCase(caller.oid()) && (a.scope.toLowerCase(Locale.ROOT) + "/").startsWith(prefix + "/"));
            if (w.tenantId.equalsIgnoreCase(w.tenantOfSubscription(id)) && holdsRole) {
                value.add(subscriptionJson(w, id));
            }
        }
        return value;
    }

    private static ObjectNode subscriptionJson(WorldState w, String id) {
        if (id.equalsIgnoreCase(w.subscriptionId)) {
            return ArmJson.subscription(w);
        }
        var s = w.subscriptions.stream().filter(x -> x.id.equalsIgnoreCase(id)).findFirst().orElseThrow();
        return ArmJson.subscription(s.id, s.displayName, s.tenantId);
    }

    /** Operation polls and Microsoft.Resources deployments, which live outside the provider resource paths. */
    private Response operationResults(WorldState w, Request r, List<String> seg) {
        boolean get = r.method().equals("GET");
        if (get && seg.size() == 8 && seg.get(2).equalsIgnoreCase("providers")
                && seg.get(3).equalsIgnoreCase("Microsoft.HealthcareApis") && seg.get(4).equalsIgnoreCase("locations")
                && seg.get(6).equalsIgnoreCase("operationresults")) {
            Response bad = ApiVersions.check(r, ApiVersions.HEALTHCARE, "locations/operationresults", w.location);
            return bad != null ? bad : operationResult(w, seg.get(7), AsyncOperation.DICOM_PUT);
        }
        if (get && seg.size() == 4 && seg.get(2).equalsIgnoreCase("operationresults")) {
            Response bad = ApiVersions.check(r, ApiVersions.RESOURCES, null, w.location);
            return bad != null ? bad : whatIfResults.get(seg.get(3), ctx.now()).map(result -> Response.json(200, result))
                    .orElseGet(() -> operationNotFound(seg.get(3)));
        }
        return deployments.handle(w, r, seg);
    }

    private static Response operationNotFound(String id) {
        return ArmErrors.error(404, "OperationNotFound", "The operation '" + id + "' was not found.");
    }

    private Response operationResult(WorldState w, String id, String kind) {
        Optional<AsyncOperation> op = w.operation(id).filter(o -> o.kind.equals(kind));
        if (op.isEmpty()) {
            return operationNotFound(id);
        }
        AsyncOperations.poll(w, op.get(), ctx.now());
        return Response.json(200, AsyncOperations.healthcareStatus(w, op.get()));
    }

    /** PUT/PATCH/DELETE below a resource group's providers (the GET routing's shape, for the writable types). */
    private Response write(WorldState w, Request r, List<String> seg) {
        if (seg.size() >= 8 && seg.get(2).equalsIgnoreCase("resourcegroups") && seg.get(4).equalsIgnoreCase("providers")) {
            Optional<ResourceGroup> g = w.resourceGroup(seg.get(1), seg.get(3));
            if (g.isEmpty()) {
                return ArmErrors.resourceGroupNotFound(seg.get(3));
            }
            return providerWrites.handle(w, r, g.get(), seg.get(5), seg.subList(6, seg.size()));
        }
        return notSimulated(r);
    }

    /** GET of a resource (or a child collection) under /subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/... */
    private Response providerResource(WorldState w, Request r, ResourceGroup g, String namespace, List<String> rest) {
        List<String> versions = ApiVersions.forNamespace(namespace);
        String type = rest.get(0);
        String typeKey = namespace.toLowerCase(Locale.ROOT) + "/" + type.toLowerCase(Locale.ROOT);
        if (versions == null || !List.of("microsoft.healthcareapis/workspaces", "microsoft.keyvault/vaults",
                "microsoft.keyvault/managedhsms", "microsoft.managedidentity/userassignedidentities").contains(typeKey)) {
            return ArmErrors.error(400, "InvalidResourceType", "The resource type '" + type + "' could not be found in the"
                    + " namespace '" + namespace + "' for api version '" + r.query("api-version") + "' (the sandbox simulates"
                    + " workspaces/dicomservices, vaults, managedHSMs and userAssignedIdentities).");
        }
        Response bad = ApiVersions.check(r, versions, nestedType(rest), w.location);
        if (bad != null) {
            return bad;
        }
        if (rest.size() == 1) {
            return listInGroup(w, g, typeKey);
        }
        String name = rest.get(1);
        switch (typeKey) {
            case "microsoft.keyvault/vaults":
                if (rest.size() != 2) {
                    break;
                }
                return w.vault(name).filter(v -> v.resourceGroup.equalsIgnoreCase(g.name))
                        .map(v -> Response.json(200, ArmJson.vault(w, v)))
                        .orElseGet(() -> ArmErrors.resourceNotFound("Microsoft.KeyVault/vaults/" + name, g.name));
            case "microsoft.keyvault/managedhsms":
                if (rest.size() != 2) {
                    break;
                }
                return w.managedHsm(name).filter(v -> v.resourceGroup.equalsIgnoreCase(g.name))
                        .map(v -> Response.json(200, ArmJson.managedHsm(w, v)))
                        .orElseGet(() -> ArmErrors.resourceNotFound("Microsoft.KeyVault/managedHSMs/" + name, g.name));
            case "microsoft.managedidentity/userassignedidentities":
                if (rest.size() != 2) {
                    break;
                }
                return w.userAssignedIdentity(g.name, name).map(u -> Response.json(200, ArmJson.userAssignedIdentity(w, u)))
                        .orElseGet(() -> ArmErrors.resourceNotFound("Microsoft.ManagedIdentity/userAssignedIdentities/" + name, g.name));
            default:
                return workspaceResource(w, g, name, rest);
        }
        return ArmErrors.error(404, "NotFound", "No HTTP resource was found that matches the request URI 'https://"
                + SandboxContext.MANAGEMENT_HOST + r.path() + "'.");
    }

    /** "workspaces/dicomservices" for .../workspaces/{w}/dicomservices[/{d}]: the type ARM names in its errors. */
    private static String nestedType(List<String> rest) {
        StringBuilder t = new StringBuilder(rest.get(0));
        for (int i = 2; i < rest.size(); i += 2) {
            t.append('/').append(rest.get(i));
        }
        return t.toString();
    }

    /** GET .../resourceGroups/{rg}/providers/{namespace}/{type}: every resource of the type in the group, one page. */
    private Response listInGroup(WorldState w, ResourceGroup g, String typeKey) {
        ArrayNode value = Json.arr();
        switch (typeKey) {
            case "microsoft.keyvault/vaults" -> w.vaults.stream().filter(v -> !v.isManagedHsm()
                    && v.resourceGroup.equalsIgnoreCase(g.name)).forEach(v -> value.add(ArmJson.vault(w, v)));
            case "microsoft.keyvault/managedhsms" -> w.vaults.stream().filter(v -> v.isManagedHsm()
                    && v.resourceGroup.equalsIgnoreCase(g.name)).forEach(v -> value.add(ArmJson.managedHsm(w, v)));
            case "microsoft.managedidentity/userassignedidentities" -> w.userAssignedIdentities.stream()
                    .filter(u -> u.resourceGroup.equalsIgnoreCase(g.name)).forEach(u -> value.add(ArmJson.userAssignedIdentity(w, u)));
            default -> w.workspaces.stream().filter(x -> x.resourceGroup.equalsIgnoreCase(g.name))
                    .forEach(x -> value.add(ArmJson.workspace(w, x)));
        }
        ObjectNode body = Json.obj();
        body.set("value", value);
        body.putNull("nextLink");
        return Response.json(200, body);
    }

    private Response workspaceResource(WorldState w, ResourceGroup g, String wsName, List<String> rest) {
        var ws = w.workspace(g.name, wsName);
        if (ws.isEmpty()) {
            return ArmErrors.resourceNotFound("Microsoft.HealthcareApis/workspaces/" + wsName, g.name);
        }
        if (rest.size() == 2) {
            return Response.json(200, ArmJson.workspace(w, ws.get()));
        }
        if (!rest.get(2).equalsIgnoreCase("dicomservices") || rest.size() > 4) {
            return ArmErrors.error(400, "InvalidResourceType", "The resource type 'workspaces/" + rest.get(2)
                    + "' could not be found in the namespace 'Microsoft.HealthcareApis' (the sandbox simulates dicomservices).");
        }
        if (rest.size() == 3) {
            ArrayNode value = Json.arr();
            w.dicomServices.stream().filter(d -> d.resourceGroup.equalsIgnoreCase(g.name)
                    && d.workspace.equalsIgnoreCase(ws.get().name)).forEach(d -> value.add(ArmJson.dicomService(w, d)));
            return Response.json(200, Json.obj().set("value", value));
        }
        String name = rest.get(3);
        return w.dicomService(g.name, ws.get().name, name).map(d -> Response.json(200, ArmJson.dicomService(w, d))
                        .header("ETag", d.etag))
                .orElseGet(() -> ArmErrors.resourceNotFound("Microsoft.HealthcareApis/workspaces/" + ws.get().name
                        + "/dicomservices/" + name, g.name));
    }

    private Response resourceHealth(WorldState w, Request r, String resourceId) {
        if (!r.method().equals("GET")) {
            return notSimulated(r);
        }
        Response bad = ApiVersions.check(r, ApiVersions.RESOURCE_HEALTH, null, w.location);
        if (bad != null) {
            return bad;
        }
        Optional<ResourceListing.Item> item = listing.find(w, resourceId);
        if (item.isEmpty()) {
            return ArmErrors.error(404, "ResourceNotFound", "The Resource '" + resourceId.replaceAll("^/+", "")
                    + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
        }
        boolean expand = "recommendedactions".equalsIgnoreCase(r.queryIgnoreCase("$expand"));
        long now = ctx.now();
        SandboxWorld.Health health;
        long since = item.get().createdAt();
        if (item.get().source() instanceof DicomService d) {
            health = ctx.world().health(d);
            since = Math.max(d.lastModifiedAt, d.accessRestoredAt == null ? 0 : d.accessRestoredAt);
        } else {
            health = new SandboxWorld.Health(true, null, null);
        }
        return Response.json(200, ArmJson.availability(item.get().id(), item.get().location(), health, since, now, expand,
                item.get().source() instanceof DicomService));
    }

    static Response notSimulated(Request r) {
        return ArmErrors.error(405, "MethodNotAllowed", "The sandbox does not simulate " + r.method() + " on "
                + r.path() + ".");
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
