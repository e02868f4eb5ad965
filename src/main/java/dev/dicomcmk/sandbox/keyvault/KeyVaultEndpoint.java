package dev.dicomcmk.sandbox.keyvault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.entra.TokenIssuer;
import dev.dicomcmk.sandbox.http.Request;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.rbac.KeyAction;
import dev.dicomcmk.sandbox.rbac.KeyAuthorizer;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;
import dev.dicomcmk.sandbox.world.LifetimeAction;
import dev.dicomcmk.sandbox.world.RotationPolicy;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The keys data plane of &lt;vault&gt;.vault.sandbox.test and &lt;hsm&gt;.managedhsm.sandbox.test: the
 * bearer challenge, firewall, authorization (RBAC, access policies or HSM local RBAC) and the key
 * operations, in that order (as Key Vault checks them). Managed HSM local RBAC lives in
 * {@link HsmRbacApi}.
 */
public final class KeyVaultEndpoint {

    static final Set<String> API_VERSIONS = Set.of("7.0", "7.1", "7.2", "7.3", "7.3-preview", "7.4", "7.4-preview.1",
            "7.5", "7.5-preview.1", "7.6", "7.6-preview.2", "2025-07-01");
    private static final String LATEST_API = "2025-07-01";
    private static final Set<String> RSA_SIZES = Set.of("2048", "3072", "4096");
    private static final Set<String> CURVES = Set.of("P-256", "P-384", "P-521", "P-256K");

    private final SandboxContext ctx;
    private final HsmRbacApi hsmRbac;

    public KeyVaultEndpoint(SandboxContext ctx) {
        this.ctx = ctx;
        this.hsmRbac = new HsmRbacApi(ctx);
    }

    /** @param storeName the vault or HSM name from the host; managedHsm tells which of the two hosts was called */
    public Response handle(Request r, String storeName, boolean managedHsm) {
        boolean write = !r.method().equals("GET") && !r.method().equals("HEAD");
        ctx.world().rotateDueKeys();
        Response resp = ctx.world().handle(w -> dispatch(w, r, storeName, managedHsm), write);
        return withHeaders(resp, r, storeName, managedHsm);
    }

    private Response withHeaders(Response resp, Request r, String storeName, boolean managedHsm) {
        String region = ctx.world().read(w -> store(w, storeName, managedHsm).map(v -> v.location).orElse("westus2"));
        return resp.defaultHeader("Cache-Control", "no-cache").defaultHeader("Pragma", "no-cache")
                .defaultHeader("Expires", "-1")
                .defaultHeader("Strict-Transport-Security", "max-age=31536000;includeSubDomains")
                .defaultHeader("X-Content-Type-Options", "nosniff")
                .defaultHeader("x-ms-keyvault-region", region)
                .defaultHeader("x-ms-keyvault-service-version", "1.9.2164.1")
                .defaultHeader("x-ms-keyvault-network-info", "conn_type=Ipv4;addr=" + r.remoteAddress()
                        + ";act_addr_fam=InterNetwork;");
    }

    private static Optional<Vault> store(WorldState w, String name, boolean managedHsm) {
        return managedHsm ? w.managedHsm(name) : w.vault(name);
    }

    private Response dispatch(WorldState w, Request r, String storeName, boolean managedHsm) {
        Optional<Vault> found = store(w, storeName, managedHsm);
        if (found.isEmpty()) {
            // in Azure the host would not resolve; a 404 that says so is easier to diagnose in tests
            return KvErrors.error(404, "VaultNotFound", "The " + (managedHsm ? "managed HSM" : "vault") + " '" + storeName
                    + "' does not exist in the sandbox (in Azure its host name would not resolve).");
        }
        Vault v = found.get();
        TokenIssuer.Claims caller;
        try {
            caller = authenticate(r, v);
        } catch (Challenge c) {
            return c.response;
        }
        String api = r.query("api-version");
        if (api == null || api.isBlank()) {
            return KvErrors.error(400, "BadParameter", "The api-version query parameter is missing. Supported versions: "
                    + String.join(", ", sorted(API_VERSIONS)) + ".");
        }
        if (!API_VERSIONS.contains(api)) {
            return KvErrors.error(400, "BadParameter", "The specified version (" + api
                    + ") is not recognized. Consider using the latest supported version (" + LATEST_API + ").");
        }
        if (blockedByFirewall(v, r.remoteAddress())) {
            return KvErrors.forbidden("Client address is not authorized and caller is not a trusted service.\r\nClient address: "
                    + r.remoteAddress() + "\r\nCaller: " + callerText(caller) + "\r\nVault: " + v.name + ";location="
                    + v.location, "ForbiddenByFirewall");
        }
        List<String> seg = segments(r.path());
        Call call = new Call(w, v, r, caller, seg);
        int providers = indexOfIgnoreCase(seg, "providers");
        if (providers >= 0) {
            if (!v.isManagedHsm()) {
                return KvErrors.error(404, "NotFound", "Local role management is a Managed HSM feature; " + r.path()
                        + " does not exist on a key vault.");
            }
            return hsmRbac.handle(call, seg.subList(0, providers), seg.subList(providers + 1, seg.size()));
        }
        if (seg.isEmpty()) {
            return KvErrors.error(404, "NotFound", "No operation at " + r.path() + ".");
        }
        String root = seg.get(0).toLowerCase(Locale.ROOT);
        if (root.equals("keys")) {
            return keys(call, seg.subList(1, seg.size()));
        }
        if (root.equals("deletedkeys")) {
            return deletedKeys(call, seg.subList(1, seg.size()));
        }
        return KvErrors.error(404, "NotFound", "The sandbox serves keys only; " + r.path() + " is not simulated.");
    }

    /** One authenticated request with everything an operation needs. */
    record Call(WorldState w, Vault v, Request r, TokenIssuer.Claims caller, List<String> seg) {
    }

    private Response keys(Call c, List<String> s) {
        String m = c.r().method();
        if (s.isEmpty()) {
            return m.equals("GET") ? listKeys(c) : methodNotAllowed(c.r());
        }
        String name = s.get(0);
        if (s.size() == 1 || (s.size() == 2 && s.get(1).isEmpty())) {
            return switch (m) {
                case "GET" -> getKey(c, name, null);
                case "PATCH" -> updateKey(c, name, null);
                case "DELETE" -> deleteKey(c, name);
                default -> methodNotAllowed(c.r());
            };
        }
        String second = s.get(1);
        if (s.size() == 2) {
            switch (second.toLowerCase(Locale.ROOT)) {
                case "versions":
                    return m.equals("GET") ? listVersions(c, name) : methodNotAllowed(c.r());
                case "create":
                    return m.equals("POST") ? createKey(c, name) : methodNotAllowed(c.r());
                case "rotate":
                    return m.equals("POST") ? rotateKey(c, name) : methodNotAllowed(c.r());
                case "rotationpolicy":
                    return switch (m) {
                        case "GET" -> getRotationPolicy(c, name);
                        case "PUT" -> putRotationPolicy(c, name);
                        default -> methodNotAllowed(c.r());
                    };
                default:
                    return switch (m) {
                        case "GET" -> getKey(c, name, second);
                        case "PATCH" -> updateKey(c, name, second);
                        default -> methodNotAllowed(c.r());
                    };
            }
        }
        if (s.size() == 3 && m.equals("POST")) {
            String op = s.get(2).toLowerCase(Locale.ROOT);
            if (op.equals("wrapkey") || op.equals("unwrapkey")) {
                return wrap(c, name, s.get(1), op.equals("wrapkey"));
            }
        }
        return KvErrors.error(404, "NotFound", "The sandbox does not simulate " + m + " " + c.r().path() + ".");
    }

    // --- reads -------------------------------------------------------------------------------

    private Response getKey(Call c, String name, String version) {
        Response denied = authorize(c, name, KeyAction.READ);
        if (denied != null) {
            return denied;
        }
        Optional<Key> k = c.v().key(name);
        if (k.isEmpty()) {
            return keyNotFound(name);
        }
        KeyVersion kv = version == null || version.isEmpty() ? k.get().latest() : k.get().version(version).orElse(null);
        if (kv == null) {
            return keyNotFound(name + "/" + version);
        }
        return Response.json(200, KeyJson.bundle(c.v(), k.get(), kv, SandboxContext.DNS_ZONE));
    }

    private Response listKeys(Call c) {
        Response denied = authorize(c, null, KeyAction.LIST);
        if (denied != null) {
            return denied;
        }
        List<Key> live = c.v().keys.stream().filter(k -> !k.isDeleted())
                .sorted(Comparator.comparing(k -> k.name.toLowerCase(Locale.ROOT))).toList();
        return page(c, live, k -> KeyJson.item(KeyJson.base(c.v(), SandboxContext.DNS_ZONE) + "/keys/" + k.name,
                c.v(), k.latest()));
    }

    private Response listVersions(Call c, String name) {
        Response denied = authorize(c, name, KeyAction.LIST);
        if (denied != null) {
            return denied;
        }
        Optional<Key> k = c.v().key(name);
        if (k.isEmpty()) {
            return keyNotFound(name);
        }
        // Key Vault lists versions in no particular order: clients must sort by 'created' themselves
        List<KeyVersion> versions = k.get().versions.stream().sorted(Comparator.comparing(v -> v.version)).toList();
        return page(c, versions, kv -> KeyJson.item(KeyJson.kid(c.v(), k.get(), kv, SandboxContext.DNS_ZONE), c.v(), kv));
    }

    /** maxresults (1..25, default 25) and an opaque $skiptoken; nextLink is absolute, on the vault host, with :443 as Key Vault writes it. */
    private <T> Response page(Call c, List<T> all, java.util.function.Function<T, ObjectNode> render) {
        int max = 25;
        String mr = c.r().query("maxresults");
        if (mr != null) {
            try {
                max = Integer.parseInt(mr);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > 25) {
                return KvErrors.error(400, "BadParameter", "The value of parameter maxresults must be between 1 and 25.");
            }
        }
        int offset = 0;
        String token = c.r().query("$skiptoken");
        if (token != null) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
                        .replace("offset:", ""));
            } catch (IllegalArgumentException e) {
                return KvErrors.error(400, "BadParameter", "The $skiptoken is not valid.");
            }
        }
        ArrayNode value = Json.arr();
        int end = Math.min(all.size(), offset + max);
        for (int i = Math.max(0, offset); i < end; i++) {
            value.add(render.apply(all.get(i)));
        }
        ObjectNode body = Json.obj();
        body.set("value", value);
        if (end < all.size()) {
            String skip = Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8));
            body.put("nextLink", "https://" + c.v().host(SandboxContext.DNS_ZONE) + ":443" + c.r().path() + "?api-version="
                    + c.r().query("api-version") + "&$skiptoken=" + skip + "&maxresults=" + max);
        } else {
            body.putNull("nextLink");
        }
        return Response.json(200, body);
    }

    // --- writes ------------------------------------------------------------------------------

    private Response createKey(Call c, String name) {
        Response denied = authorize(c, name, KeyAction.CREATE);
        if (denied != null) {
            return denied;
        }
        if (!name.matches("[0-9a-zA-Z-]{1,127}")) {
            return KvErrors.error(400, "BadParameter", "The key name '" + name
                    + "' is invalid: use 1-127 characters 0-9, a-z, A-Z and '-'.");
        }
        JsonNode body = Json.parseOrNull(c.r().body());
        if (body == null || !body.isObject()) {
            return KvErrors.error(400, "BadParameter", "The request body is not a valid KeyCreateParameters JSON object.");
        }
        if (c.v().deletedKey(name).isPresent()) {
            return KvErrors.error(409, "Conflict", "Key " + name + " is currently in a deleted but recoverable state, and its"
                    + " name cannot be reused; in this state, the key can only be recovered or purged.");
        }
        String kty = body.path("kty").asText(null);
        if (kty == null) {
            return KvErrors.error(400, "BadParameter", "Property 'kty' is required.");
        }
        KeyVersion kv = new KeyVersion();
        String error = keyType(c.v(), kty, body, kv);
        if (error != null) {
            return KvErrors.error(400, "BadParameter", error);
        }
        if (body.has("key_ops") && body.get("key_ops").isArray()) {
            kv.keyOps = new ArrayList<>();
            body.get("key_ops").forEach(o -> kv.keyOps.add(o.asText()));
        }
        error = applyAttributes(body.path("attributes"), kv);
        if (error != null) {
            return KvErrors.error(400, "BadParameter", error);
        }
        kv.tags = tags(body.path("tags"));
        long now = ctx.now();
        kv.version = c.w().ids.keyVersion();
        kv.created = now;
        kv.updated = now;
        if (c.v().isManagedHsm()) {
            kv.exportable = body.path("attributes").path("exportable").asBoolean(false);
        }
        Key key = c.v().key(name).orElseGet(() -> {
            Key k = new Key(name);
            c.v().keys.add(k);
            return k;
        });
        key.versions.add(kv);
        return Response.json(200, KeyJson.bundle(c.v(), key, kv, SandboxContext.DNS_ZONE));
    }

    /** Fills kty, size/curve and default key_ops; HSMs hold only HSM-protected keys. */
    private static String keyType(Vault v, String ktyIn, JsonNode body, KeyVersion kv) {
        String kty = ktyIn;
        if (v.isManagedHsm() && (kty.equals("RSA") || kty.equals("EC"))) {
            kty = kty + "-HSM";
        }
        switch (kty) {
            case "RSA", "RSA-HSM" -> {
                String size = body.path("key_size").asText("2048");
                if (!RSA_SIZES.contains(size)) {
                    return "The key size " + size + " is not supported for RSA keys: use 2048, 3072 or 4096.";
                }
                kv.keySize = Integer.parseInt(size);
                kv.keyOps = new ArrayList<>(List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"));
            }
            case "EC", "EC-HSM" -> {
                String crv = body.path("crv").asText("P-256");
                if (!CURVES.contains(crv)) {
                    return "The curve " + crv + " is not supported: use P-256, P-384, P-521 or P-256K.";
                }
                kv.crv = crv;
                kv.keyOps = new ArrayList<>(List.of("sign", "verify"));
            }
            case "oct-HSM" -> {
                if (!v.isManagedHsm()) {
                    return "Key type oct-HSM is only supported by Managed HSM.";
                }
                String size = body.path("key_size").asText("256");
                if (!Set.of("128", "192", "256").contains(size)) {
                    return "The key size " + size + " is not supported for oct-HSM keys: use 128, 192 or 256.";
                }
                kv.keySize = Integer.parseInt(size);
                kv.keyOps = new ArrayList<>(List.of("encrypt", "decrypt", "wrapKey", "unwrapKey"));
            }
            default -> {
                return "The key type '" + ktyIn + "' is not supported: use RSA, RSA-HSM, EC, EC-HSM or oct-HSM.";
            }
        }
        if (kty.endsWith("-HSM") && !v.isManagedHsm() && "standard".equalsIgnoreCase(v.skuName)) {
            return "HSM-protected keys (" + kty + ") need a premium vault; '" + v.name + "' is standard.";
        }
        kv.kty = kty;
        return null;
    }

    private static String applyAttributes(JsonNode attrs, KeyVersion kv) {
        if (attrs == null || attrs.isMissingNode() || attrs.isNull()) {
            return null;
        }
        if (!attrs.isObject()) {
            return "Property 'attributes' must be an object.";
        }
        if (attrs.has("enabled") && !attrs.get("enabled").isNull()) {
            kv.enabled = attrs.get("enabled").asBoolean();
        }
        if (attrs.has("nbf")) {
            kv.nbf = attrs.get("nbf").isNull() ? null : attrs.get("nbf").asLong();
        }
        if (attrs.has("exp")) {
            kv.exp = attrs.get("exp").isNull() ? null : attrs.get("exp").asLong();
        }
        if (kv.nbf != null && kv.exp != null && kv.exp <= kv.nbf) {
            return "The expiration time must be later than the not-before time.";
        }
        return null;
    }

    private static Map<String, String> tags(JsonNode t) {
        Map<String, String> out = new LinkedHashMap<>();
        if (t != null && t.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                var e = it.next();
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    private Response rotateKey(Call c, String name) {
        Response denied = authorize(c, name, KeyAction.ROTATE);
        if (denied != null) {
            return denied;
        }
        Optional<Key> k = c.v().key(name);
        if (k.isEmpty()) {
            return keyNotFound(name);
        }
        KeyVersion kv = AutoRotation.newVersion(c.w(), k.get(), ctx.now());
        k.get().versions.add(kv);
        return Response.json(200, KeyJson.bundle(c.v(), k.get(), kv, SandboxContext.DNS_ZONE));
    }

    private Response updateKey(Call c, String name, String version) {
        Response denied = authorize(c, name, KeyAction.UPDATE);
        if (denied != null) {
            return denied;
        }
        Optional<Key> k = c.v().key(name);
        if (k.isEmpty()) {
            return keyNotFound(name);
        }
        KeyVersion kv = version == null || version.isEmpty() ? k.get().latest() : k.get().version(version).orElse(null);
        if (kv == null) {
            return keyNotFound(name + "/" + version);
        }
        JsonNode body = Json.parseOrNull(c.r().body());
        if (body == null || !body.isObject()) {
            return KvErrors.error(400, "BadParameter", "The request body is not a valid KeyUpdateParameters JSON object.");
        }
        KeyVersion probe = copyTimes(kv);
        String error = applyAttributes(body.path("attributes"), probe);
        if (error != null) {
            return KvErrors.error(400, "BadParameter", error);
        }
        kv.enabled = probe.enabled;
        kv.nbf = probe.nbf;
        kv.exp = probe.exp;
        if (body.has("key_ops") && body.get("key_ops").isArray()) {
            kv.keyOps = new ArrayList<>();
            body.get("key_ops").forEach(o -> kv.keyOps.add(o.asText()));
        }
        if (body.has("tags")) {
            kv.tags = tags(body.get("tags"));
        }
        kv.updated = ctx.now();
        return Response.json(200, KeyJson.bundle(c.v(), k.get(), kv, SandboxContext.DNS_ZONE));
    }

    private static KeyVersion copyTimes(KeyVersion kv) {
        KeyVersion p = new KeyVersion();
        p.enabled = kv.enabled;
        p.nbf = kv.nbf;
        p.exp = kv.exp;
        return p;
    }

    private Response getRotationPolicy(Call c, String name) {
        Response denied = authorize(c, name, KeyAction.POLICY_READ);
        if (denied != null) {
            return denied;
        }
        Optional<Key> k = c.v().key(name);
        if (k.isEmpty()) {
            return keyNotFound(name);
        }
        return Response.json(200, KeyJson.rotationPolicy(c.v(), k.get(), SandboxContext.DNS_ZONE));
    }

    private Response putRotationPolicy(Call c, String name) {
        Response denied = authorize(c, name, KeyAction.POLICY_WRITE);
        if (denied != null) {
            return denied;
        }
        Optional<Key> k = c.v().key(name);
        if (k.isEmpty()) {
            return keyNotFound(name);
        }
        JsonNode body = Json.parseOrNull(c.r().body());
        if (body == null || !body.isObject()) {
            return KvErrors.error(400, "BadParameter", "The request body is not a valid KeyRotationPolicy JSON object.");
        }
        RotationPolicy p = new RotationPolicy();
        String expiry = body.path("attributes").path("expiryTime").asText(null);
        long now = ctx.now();
        if (expiry != null) {
            Long end = plusOrNull(now, expiry);
            if (end == null) {
                return KvErrors.error(400, "BadParameter", "expiryTime '" + expiry + "' is not an ISO 8601 duration.");
            }
            if (end - now < 28L * 86400) {
                return KvErrors.error(400, "BadParameter", "The expiryTime of a rotation policy must be at least 28 days (P28D).");
            }
            p.expiryTime = expiry;
        }
        for (JsonNode a : body.path("lifetimeActions")) {
            String type = a.path("action").path("type").asText("");
            String canonical = type.equalsIgnoreCase("rotate") ? "Rotate" : type.equalsIgnoreCase("notify") ? "Notify" : null;
            if (canonical == null) {
                return KvErrors.error(400, "BadParameter", "Lifetime action type '" + type + "' is invalid: use Rotate or Notify.");
            }
            String after = a.path("trigger").path("timeAfterCreate").asText(null);
            String before = a.path("trigger").path("timeBeforeExpiry").asText(null);
            if ((after == null) == (before == null)) {
                return KvErrors.error(400, "BadParameter", "A lifetime action trigger needs exactly one of timeAfterCreate or timeBeforeExpiry.");
            }
            String d = after != null ? after : before;
            Long end = plusOrNull(now, d);
            if (end == null) {
                return KvErrors.error(400, "BadParameter", "Trigger duration '" + d + "' is not an ISO 8601 duration.");
            }
            if (after != null && canonical.equals("Rotate") && end - now < 7L * 86400) {
                return KvErrors.error(400, "BadParameter", "timeAfterCreate of a Rotate action must be at least 7 days (P7D).");
            }
            if (before != null && p.expiryTime == null && canonical.equals("Rotate")) {
                return KvErrors.error(400, "BadParameter", "A Rotate action triggered by timeBeforeExpiry needs attributes.expiryTime.");
            }
            p.lifetimeActions.add(new LifetimeAction(after, before, canonical));
        }
        RotationPolicy old = k.get().rotationPolicy;
        p.created = old == null ? now : old.created;
        p.updated = now;
        k.get().rotationPolicy = p;
        return Response.json(200, KeyJson.rotationPolicy(c.v(), k.get(), SandboxContext.DNS_ZONE));
    }

    private Response deleteKey(Call c, String name) {
        Response denied = authorize(c, name, KeyAction.DELETE);
        if (denied != null) {
            return denied;
        }
        Optional<Key> k = c.v().key(name);
        if (k.isEmpty()) {
            return keyNotFound(name);
        }
        long now = ctx.now();
        k.get().deletedDate = now;
        k.get().scheduledPurgeDate = now + c.v().softDeleteRetentionInDays * 86400L;
        return Response.json(200, KeyJson.deletedBundle(c.v(), k.get(), SandboxContext.DNS_ZONE));
    }

    private Response deletedKeys(Call c, List<String> s) {
        String m = c.r().method();
        if (s.isEmpty()) {
            if (!m.equals("GET")) {
                return methodNotAllowed(c.r());
            }
            Response denied = authorize(c, null, KeyAction.DELETED_READ);
            if (denied != null) {
                return denied;
            }
            List<Key> deleted = c.v().keys.stream().filter(Key::isDeleted)
                    .sorted(Comparator.comparing(k -> k.name.toLowerCase(Locale.ROOT))).toList();
            return page(c, deleted, k -> KeyJson.deletedItem(c.v(), k, SandboxContext.DNS_ZONE));
        }
        String name = s.get(0);
        if (s.size() == 1) {
            if (m.equals("GET")) {
                Response denied = authorize(c, name, KeyAction.DELETED_READ);
                if (denied != null) {
                    return denied;
                }
                return c.v().deletedKey(name)
                        .map(k -> Response.json(200, KeyJson.deletedBundle(c.v(), k, SandboxContext.DNS_ZONE)))
                        .orElseGet(() -> KvErrors.error(404, "KeyNotFound", "Deleted Key not found: " + name));
            }
            if (m.equals("DELETE")) {
                return purge(c, name);
            }
            return methodNotAllowed(c.r());
        }
        if (s.size() == 2 && s.get(1).equalsIgnoreCase("recover") && m.equals("POST")) {
            Response denied = authorize(c, name, KeyAction.RECOVER);
            if (denied != null) {
                return denied;
            }
            Optional<Key> k = c.v().deletedKey(name);
            if (k.isEmpty()) {
                return KvErrors.error(404, "KeyNotFound", "Deleted Key not found: " + name);
            }
            k.get().deletedDate = null;
            k.get().scheduledPurgeDate = null;
            return Response.json(200, KeyJson.bundle(c.v(), k.get(), k.get().latest(), SandboxContext.DNS_ZONE));
        }
        return KvErrors.error(404, "NotFound", "The sandbox does not simulate " + m + " " + c.r().path() + ".");
    }

    private Response purge(Call c, String name) {
        Response denied = authorize(c, name, KeyAction.PURGE);
        if (denied != null) {
            return denied;
        }
        Optional<Key> k = c.v().deletedKey(name);
        if (k.isEmpty()) {
            return KvErrors.error(404, "KeyNotFound", "Deleted Key not found: " + name);
        }
        if (Boolean.TRUE.equals(c.v().enablePurgeProtection)) {
            return KvErrors.forbidden("Operation \"purge\" is not allowed because purge protection is enabled for this vault."
                    + " Key Vault service will automatically purge it after the retention period has passed.\r\nVault: "
                    + c.v().name + ";location=" + c.v().location, "PurgeProtectionEnabled");
        }
        c.v().keys.remove(k.get());
        return Response.empty(204);
    }

    private Response wrap(Call c, String name, String version, boolean wrap) {
        Response denied = authorize(c, name, wrap ? KeyAction.WRAP : KeyAction.UNWRAP);
        if (denied != null) {
            return denied;
        }
        Optional<Key> k = c.v().key(name);
        if (k.isEmpty()) {
            return keyNotFound(name);
        }
        KeyVersion kv = version.isEmpty() ? k.get().latest() : k.get().version(version).orElse(null);
        if (kv == null) {
            return keyNotFound(name + "/" + version);
        }
        String op = wrap ? "wrapKey" : "unwrapKey";
        long now = ctx.now();
        if (!kv.enabled) {
            return KvErrors.forbidden("Operation " + op + " is not allowed on a disabled key.", "KeyDisabled");
        }
        if (kv.exp != null && kv.exp <= now) {
            return KvErrors.forbidden("Operation " + op + " is not allowed on an expired key.", "KeyExpired");
        }
        if (kv.nbf != null && kv.nbf > now) {
            return KvErrors.forbidden("Operation " + op + " is not allowed on a key which is not yet valid.", "KeyNotYetValid");
        }
        if (kv.keyOps.stream().noneMatch(o -> o.equalsIgnoreCase(op))) {
            return KvErrors.forbidden("Operation " + op + " is not permitted on this key.", "KeyOperationForbidden");
        }
        JsonNode body = Json.parseOrNull(c.r().body());
        String alg = body == null ? null : body.path("alg").asText(null);
        String value = body == null ? null : body.path("value").asText(null);
        if (alg == null || value == null) {
            return KvErrors.error(400, "BadParameter", "Properties 'alg' and 'value' are required.");
        }
        if (!kv.isRsa() || !Set.of("RSA-OAEP", "RSA-OAEP-256", "RSA1_5").contains(alg)) {
            return KvErrors.error(400, "BadParameter", "Algorithm " + alg + " is not supported for key type " + kv.kty + ".");
        }
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return KvErrors.error(400, "BadParameter", "Property 'value' is not base64url.");
        }
        String kid = KeyJson.kid(c.v(), k.get(), kv, SandboxContext.DNS_ZONE);
        byte[] out;
        if (wrap) {
            try {
                out = KeyMaterial.wrap(kid, kv, data);
            } catch (IllegalArgumentException e) {
                return KvErrors.error(400, "BadParameter", "The value is too long for this key: " + e.getMessage() + ".");
            }
        } else {
            Optional<byte[]> plain = KeyMaterial.unwrap(kid, data);
            if (plain.isEmpty()) {
                return KvErrors.error(400, "BadParameter", "Unwrap failed: the value was not wrapped by this key version.");
            }
            out = plain.get();
        }
        return Response.json(200, Json.obj().put("kid", kid).put("value", Base64.getUrlEncoder().withoutPadding().encodeToString(out)));
    }

    // --- checks ------------------------------------------------------------------------------

    /** The Bearer challenge: no or a bad token answers 401 naming the store's tenant and resource. */
    private TokenIssuer.Claims authenticate(Request r, Vault v) throws Challenge {
        String resource = v.isManagedHsm() ? SandboxContext.MANAGED_HSM_AUDIENCE : SandboxContext.VAULT_AUDIENCE;
        String challenge = "Bearer authorization=\"https://" + SandboxContext.LOGIN_HOST + "/" + v.tenantId
                + "\", resource=\"" + resource + "\"";
        String auth = r.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Challenge(unauthorized(v, challenge, "Request is missing a Bearer or PoP token."));
        }
        TokenIssuer.Claims claims;
        try {
            claims = ctx.tokens().verify(auth.substring(7), ctx.now());
        } catch (TokenIssuer.InvalidToken e) {
            throw new Challenge(unauthorized(v, challenge, e.expired()
                    ? "AKV10013: Token has expired. Acquire a new token." : "AKV10000: " + e.getMessage()));
        }
        if (!TokenIssuer.sameAudience(claims.aud(), resource)) {
            throw new Challenge(unauthorized(v, challenge, "AKV10022: Invalid audience. Expected " + resource
                    + ", Found: " + claims.aud() + "."));
        }
        if (!claims.tid().equalsIgnoreCase(v.tenantId)) {
            throw new Challenge(unauthorized(v, challenge, "AKV10032: Invalid issuer. Expected one of https://sts.windows.net/"
                    + v.tenantId + "/, found https://sts.windows.net/" + claims.tid() + "/."));
        }
        return claims;
    }

    /** Vaults answer the challenge with a JSON body; Managed HSM with an empty one (see the recordings). */
    private static Response unauthorized(Vault v, String challenge, String message) {
        Response resp = v.isManagedHsm() && message.startsWith("Request is missing")
                ? Response.empty(401) : KvErrors.error(401, "Unauthorized", message);
        return resp.header("WWW-Authenticate", challenge);
    }

    private static boolean blockedByFirewall(Vault v, String clientAddress) {
        boolean restricted = "Deny".equalsIgnoreCase(v.networkAcls.defaultAction)
                || "Disabled".equalsIgnoreCase(v.publicNetworkAccess);
        if (!restricted) {
            return false;
        }
        if ("Disabled".equalsIgnoreCase(v.publicNetworkAccess)) {
            return true;
        }
        return v.networkAcls.ipRules.stream().noneMatch(rule -> IpRules.covers(rule, clientAddress));
    }

    /** Null when allowed, else the 403 of the store's permission model. */
    static Response authorize(Call c, String keyName, KeyAction action) {
        String oid = c.caller().oid();
        if (KeyAuthorizer.allowed(c.w(), c.v(), keyName, oid, c.caller().tid(), action)) {
            return null;
        }
        String caller = callerText(c.caller());
        return switch (KeyAuthorizer.model(c.v())) {
            case ACCESS_POLICY -> KvErrors.forbidden("The user, group or application '" + caller
                    + "' does not have keys " + action.accessPolicyPermission() + " permission on key vault '" + c.v().name
                    + ";location=" + c.v().location
                    + "'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287",
                    "AccessDenied");
            case RBAC -> KvErrors.forbidden(rbacMessage(caller, action.rbacDataAction(),
                    KeyAuthorizer.keyScope(c.w(), c.v(), keyName), c.v()), "ForbiddenByRbac");
            case HSM_LOCAL_RBAC -> KvErrors.forbidden(rbacMessage(caller, action.hsmDataAction(),
                    keyName == null ? "/keys" : "/keys/" + keyName, c.v()), "ForbiddenByRbac");
        };
    }

    private static String rbacMessage(String caller, String action, String resource, Vault v) {
        return "Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role"
                + " definitions were changed recently, please observe propagation time.\r\nCaller: " + caller
                + "\r\nAction: '" + action + "'\r\nResource: '" + resource.toLowerCase(Locale.ROOT)
                + "'\r\nAssignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: null \r\nVault: " + v.name
                + ";location=" + v.location + "\r\n";
    }

    static String callerText(TokenIssuer.Claims c) {
        return "appid=" + c.appid() + ";oid=" + c.oid() + ";iss=https://sts.windows.net/" + c.tid() + "/";
    }

    private static Response keyNotFound(String nameOrId) {
        return KvErrors.error(404, "KeyNotFound", "A key with (name/id) " + nameOrId + " was not found in this key vault."
                + " If you recently deleted this key you may be able to recover it using the correct recovery command."
                + " For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182");
    }

    private static Response methodNotAllowed(Request r) {
        return KvErrors.error(405, "BadParameter", "The HTTP method '" + r.method() + "' is not supported on " + r.path() + ".");
    }

    private static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) {
            return List.of();
        }
        return List.of(p.split("/", -1));
    }

    private static int indexOfIgnoreCase(List<String> seg, String s) {
        for (int i = 0; i < seg.size(); i++) {
            if (seg.get(i).equalsIgnoreCase(s)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    /** now + an ISO 8601 duration (P2Y, P90D, P6M, PT12H...), in Unix seconds. */
    static Long plusOrNull(long now, String iso) {
        try {
            if (iso.contains("T")) {
                return now + java.time.Duration.parse(iso).getSeconds();
            }
            return Instant.ofEpochSecond(now).atOffset(ZoneOffset.UTC).plus(Period.parse(iso)).toEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Thrown by authentication with the 401 to send. */
    private static final class Challenge extends Exception {
        final transient Response response;

        Challenge(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    static String activityId() {
        return UUID.randomUUID().toString();
    }
}
