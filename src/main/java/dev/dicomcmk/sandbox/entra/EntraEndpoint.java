package dev.dicomcmk.sandbox.entra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * login.sandbox.test: the Entra token endpoint for the client-credentials flow MSAL4J uses, plus
 * the instance-discovery and OpenID metadata documents other clients (Azure CLI) ask for.
 */
public final class EntraEndpoint {

    /** Resources the sandbox's Entra knows; a token for anything else is refused like an unknown app id URI. */
    private static final List<String> KNOWN_RESOURCES = List.of(SandboxContext.MANAGEMENT_AUDIENCE,
            SandboxContext.VAULT_AUDIENCE, SandboxContext.MANAGED_HSM_AUDIENCE, SandboxContext.DICOM_AUDIENCE);

    private final SandboxContext ctx;

    public EntraEndpoint(SandboxContext ctx) {
        this.ctx = ctx;
    }

    public Response handle(Request r) {
        String[] seg = r.path().replaceAll("^/+|/+$", "").split("/");
        if (r.method().equals("GET") && seg.length == 3 && seg[1].equals("discovery") && seg[2].equals("instance")) {
            return discovery(r, seg[0]);
        }
        if (r.method().equals("GET") && seg.length == 4 && seg[1].equals("v2.0")
                && seg[2].equals(".well-known") && seg[3].equals("openid-configuration")) {
            return openIdConfiguration(seg[0]);
        }
        if (seg.length == 4 && seg[1].equals("oauth2") && seg[2].equals("v2.0") && seg[3].equals("token")) {
            if (!r.method().equals("POST")) {
                return error(405, "invalid_request", 900561,
                        "The endpoint only accepts POST requests. Received a " + r.method() + " request.");
            }
            return token(r, seg[0]);
        }
        return error(404, "invalid_request", 90002, "Endpoint " + r.path() + " not found on " + SandboxContext.LOGIN_HOST + ".");
    }

    private Response token(Request r, String tenant) {
        Map<String, String> form = parseForm(r.bodyText());
        String t = resolveTenant(tenant);
        if (t == null) {
            return error(400, "invalid_request", 90002, "Tenant '" + tenant
                    + "' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }
        String grant = form.get("grant_type");
        if (!"client_credentials".equals(grant)) {
            return error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"
                    + grant + "'. The sandbox supports client_credentials.");
        }
        String clientId = form.get("client_id");
        if (clientId == null || clientId.isBlank()) {
            return error(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
        }
        boolean knownApp = clientId.equalsIgnoreCase(ctx.credentials().clientId());
        if (!knownApp || !t.equalsIgnoreCase(ctx.credentials().tenantId())) {
            return error(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory '" + t + "'. This can happen if the application has not been installed"
                    + " by the administrator of the tenant or consented to by any user in the tenant.");
        }
        String secret = form.get("client_secret");
        if (secret == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                ctx.credentials().clientSecret().getBytes(StandardCharsets.UTF_8))) {
            return error(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent"
                    + " in the request is the client secret value, not the client secret ID, for a secret added to app '"
                    + clientId + "'.");
        }
        String scope = form.get("scope");
        if (scope == null || scope.isBlank()) {
            return error(400, "invalid_scope", 70011, "The provided request must include a 'scope' input parameter.");
        }
        Set<String> scopes = new LinkedHashSet<>(List.of(scope.trim().split("\\s+")));
        List<String> defaults = scopes.stream().filter(s -> s.endsWith("/.default")).toList();
        if (defaults.size() != 1) {
            return error(400, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid."
                    + " The scope " + scope + " is not valid: a client-credentials request needs exactly one <resource>/.default scope.");
        }
        String resource = defaults.get(0).substring(0, defaults.get(0).length() - "/.default".length());
        String audience = KNOWN_RESOURCES.stream().filter(k -> TokenIssuer.sameAudience(k, resource)).findFirst().orElse(null);
        if (audience == null) {
            return error(400, "invalid_resource", 500011, "The resource principal named " + resource
                    + " was not found in the tenant named " + t + ". This can happen if the application has not been"
                    + " installed by the administrator of the tenant or consented to by any user in the tenant.");
        }
        String token = ctx.tokens().issue(t, audience, ctx.credentials().operatorObjectId(), clientId, ctx.now());
        ObjectNode body = Json.obj().put("token_type", "Bearer").put("expires_in", TokenIssuer.LIFETIME_SECONDS)
                .put("ext_expires_in", TokenIssuer.LIFETIME_SECONDS).put("access_token", token);
        return Response.json(200, body).header("Cache-Control", "no-store, no-cache").header("Pragma", "no-cache");
    }

    /** Tenant ids are GUIDs; a few well-known aliases map to the home tenant as Entra resolves them. */
    private String resolveTenant(String tenant) {
        String home = ctx.credentials().tenantId();
        if (tenant.equalsIgnoreCase(home) || tenant.equalsIgnoreCase("organizations")) {
            return home;
        }
        boolean other = ctx.world().read(w -> w.otherTenants.stream().anyMatch(o -> o.equalsIgnoreCase(tenant)));
        return other ? tenant.toLowerCase(Locale.ROOT) : null;
    }

    private Response discovery(Request r, String tenant) {
        String t = tenant.equals("common") ? ctx.credentials().tenantId() : tenant;
        String host = SandboxContext.LOGIN_HOST;
        ObjectNode body = Json.obj()
                .put("tenant_discovery_endpoint", "https://" + host + "/" + t + "/v2.0/.well-known/openid-configuration")
                .put("api-version", r.query().getOrDefault("api-version", "1.1"));
        ObjectNode meta = Json.obj().put("preferred_network", host).put("preferred_cache", host);
        meta.set("aliases", Json.arr(List.of(host)));
        body.set("metadata", Json.arr().add(meta));
        return Response.json(200, body);
    }

    private Response openIdConfiguration(String tenant) {
        String t = resolveTenant(tenant);
        if (t == null) {
            return error(400, "invalid_tenant", 90002, "Tenant '" + tenant + "' not found.");
        }
        String base = "https://" + SandboxContext.LOGIN_HOST + "/" + t;
        ObjectNode body = Json.obj()
                .put("token_endpoint", base + "/oauth2/v2.0/token")
                .put("authorization_endpoint", base + "/oauth2/v2.0/authorize")
                .put("device_authorization_endpoint", base + "/oauth2/v2.0/devicecode")
                .put("end_session_endpoint", base + "/oauth2/v2.0/logout")
                .put("jwks_uri", "https://" + SandboxContext.LOGIN_HOST + "/" + t + "/discovery/v2.0/keys")
                .put("issuer", base + "/v2.0")
                .put("tenant_region_scope", "NA")
                .put("cloud_instance_name", SandboxContext.DNS_ZONE)
                .put("request_uri_parameter_supported", false)
                .put("http_logout_supported", true)
                .put("frontchannel_logout_supported", true);
        body.set("token_endpoint_auth_methods_supported", Json.arr(List.of("client_secret_post", "private_key_jwt", "client_secret_basic")));
        body.set("response_modes_supported", Json.arr(List.of("query", "fragment", "form_post")));
        body.set("response_types_supported", Json.arr(List.of("code", "id_token", "code id_token", "id_token token")));
        body.set("scopes_supported", Json.arr(List.of("openid", "profile", "email", "offline_access")));
        body.set("subject_types_supported", Json.arr(List.of("pairwise")));
        body.set("id_token_signing_alg_values_supported", Json.arr(List.of("RS256")));
        body.set("claims_supported", Json.arr(List.of("sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid")));
        return Response.json(200, body);
    }

    private Response error(int status, String error, int code, String description) {
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        String now = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(ctx.now())).replace("Z", "") + "Z";
        ObjectNode body = Json.obj().put("error", error)
                .put("error_description", "AADSTS" + code + ": " + description + " Trace ID: " + trace
                        + " Correlation ID: " + correlation + " Timestamp: " + now.replace('T', ' ').replace("Z", "Z"));
        body.set("error_codes", Json.arr().add(code));
        body.put("timestamp", now.replace('T', ' ')).put("trace_id", trace).put("correlation_id", correlation)
                .put("error_uri", "https://" + SandboxContext.LOGIN_HOST + "/error?code=" + code);
        return Response.json(status, body).header("Cache-Control", "no-store, no-cache");
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
