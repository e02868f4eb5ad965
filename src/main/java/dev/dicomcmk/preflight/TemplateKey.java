package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyFacts.RotationPolicyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.template.expressions.ResolvedResource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A key declared in the template (Microsoft.KeyVault/vaults/keys or managedHSMs/keys), as
 * {@link KeyFacts}. What only Key Vault knows (when the version was created, the other
 * versions) stays unknown, so the requirements that need it are skipped, never guessed.
 */
final class TemplateKey {

    /** Key Vault permits every operation of the key type when keyOps is not given. */
    private static final List<String> ALL_RSA_OPS = List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey");
    private static final List<String> ALL_EC_OPS = List.of("sign", "verify");

    static final String VERSIONS_UNKNOWN = Symbols.notDeterminable("the key's versions exist only in Key Vault");

    private TemplateKey() {
    }

    static Observed<KeyFacts> read(ResolvedResource key, KeyUrl url, TemplateResources resources) {
        JsonNode p = key.body().path("properties");
        JsonNode kty = p.get("kty");
        if (kty == null || resources.undetermined(kty)) {
            return Observed.unknown(Symbols.notDeterminable("kty " + (kty == null ? "is not set" : Symbols.expression(resources.text(kty)))));
        }
        String type = kty.asText();
        boolean rsa = type.toUpperCase(Locale.ROOT).startsWith("RSA");
        JsonNode size = p.get("keySize");
        if (rsa && (size == null || !size.isIntegralNumber())) {
            // Key Vault picks a size when none is given; which one is not the template's to say
            return Observed.unknown(Symbols.notDeterminable("keySize " + (size == null ? "is not set"
                    : Symbols.expression(String.valueOf(resources.text(size))))));
        }
        List<String> ops = new ArrayList<>();
        JsonNode declaredOps = p.get("keyOps");
        if (declaredOps == null) {
            ops.addAll(rsa ? ALL_RSA_OPS : ALL_EC_OPS);
        } else if (!declaredOps.isArray()) {
            return Observed.unknown(Symbols.notDeterminable("keyOps " + Symbols.expression(String.valueOf(resources.text(declaredOps)))));
        } else {
            declaredOps.forEach(op -> ops.add(resources.text(op)));
        }
        JsonNode attributes = p.path("attributes");
        JsonNode enabled = attributes.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            return Observed.unknown(Symbols.notDeterminable("attributes.enabled " + Symbols.expression(String.valueOf(resources.text(enabled)))));
        }
        for (String field : List.of("nbf", "exp")) {
            JsonNode time = attributes.get(field);
            if (time != null && !time.isIntegralNumber()) {
                return Observed.unknown(Symbols.notDeterminable("attributes." + field + " "
                        + Symbols.expression(String.valueOf(resources.text(time)))));
            }
        }
        String curve = rsa ? null : resources.text(p.get("curveName"));
        KeyUrl versioned = url.isVersioned() ? url : url.withVersion(Symbols.VERSION_AT_DEPLOYMENT);
        return Observed.known(new KeyFacts(versioned, type, rsa ? size.intValue() : null, curve, ops,
                enabled == null || enabled.booleanValue(), epoch(attributes.get("nbf")), epoch(attributes.get("exp")),
                null, null, null, Observed.unknown(VERSIONS_UNKNOWN), rotationPolicy(p.path("rotationPolicy"), resources)));
    }

    /** Key attributes nbf and exp are seconds since the epoch. */
    private static Instant epoch(JsonNode seconds) {
        return seconds != null && seconds.isIntegralNumber() ? Instant.ofEpochSecond(seconds.longValue()) : null;
    }

    private static Observed<RotationPolicyFacts> rotationPolicy(JsonNode policy, TemplateResources resources) {
        if (!policy.isObject()) {
            return Observed.unknown("the template sets no rotation policy");
        }
        String afterCreate = null;
        String beforeExpiry = null;
        for (JsonNode action : policy.path("lifetimeActions")) {
            if (action.path("action").path("type").asText().equalsIgnoreCase("rotate")) {
                afterCreate = resources.text(action.path("trigger").get("timeAfterCreate"));
                beforeExpiry = resources.text(action.path("trigger").get("timeBeforeExpiry"));
            }
        }
        return Observed.known(new RotationPolicyFacts(afterCreate, beforeExpiry,
                resources.text(policy.path("attributes").get("expiryTime"))));
    }
}
