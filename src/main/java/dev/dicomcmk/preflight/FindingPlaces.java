package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Requirement;
import dev.dicomcmk.template.expressions.ResolvedResource;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each requirement's finding points: the most specific place that decides it (the key's
 * keySize for KEY-SIZE, the vault's enablePurgeProtection or else the vault, the role
 * assignment's roleDefinitionId for IDENTITY-LEAST-PRIVILEGE), falling back to the nearest
 * declared ancestor. A template value that is just {@code [parameters('x')]} with x given in the
 * parameters file points into the parameters file, where the value is.
 */
final class FindingPlaces {

    private static final Pattern PARAMETER = Pattern.compile("(?i)\\[\\s*parameters\\(\\s*'([^']+)'\\s*\\)\\s*]");

    private final JsonFile template;
    private final JsonFile parameters;

    FindingPlaces(JsonFile template, JsonFile parameters) {
        this.template = template;
        this.parameters = parameters;
    }

    Finding.Location of(Requirement r, TemplateFacts t) {
        String service = t.service().jsonPointer();
        String kek = service + TemplateService.KEK_POINTER;
        return switch (r) {
            case KEY_URL_VERSIONED, KEY_LOCATION -> at(kek);
            case KEY_TYPE -> key(t, "/properties/kty", kek);
            case KEY_SIZE -> key(t, "/properties/keySize", kek);
            case KEY_ENABLED -> key(t, "/properties/attributes/enabled", kek);
            case KEY_EXPIRY_HORIZON -> key(t, "/properties/attributes/exp", kek);
            case KEY_OPS -> key(t, "/properties/keyOps", kek);
            case KEY_OLD_VERSIONS_ENABLED, KEY_ROTATION_AGE -> key(t, "", kek);
            case KEY_AUTO_ROTATION_GAP -> key(t, "/properties/rotationPolicy", kek);
            case VAULT_SOFT_DELETE -> vault(t, "/properties/enableSoftDelete", kek);
            case VAULT_PURGE_PROTECTION -> vault(t, "/properties/enablePurgeProtection", kek);
            case VAULT_SAME_TENANT -> vault(t, "/properties/tenantId", kek);
            case VAULT_FIREWALL_BYPASS -> vault(t, firewallPointer(t), kek);
            case SERVICE_IDENTITY, MHSM_PRIVATE_UAMI -> at(service + "/identity");
            case IDENTITY_KEY_ACCESS -> access(t, service);
            case IDENTITY_LEAST_PRIVILEGE -> t.access() != null && t.access().relevant() != null
                    ? at(t.access().relevant().jsonPointer() + "/properties/roleDefinitionId") : access(t, service);
        };
    }

    private Finding.Location access(TemplateFacts t, String service) {
        if (t.access() != null && t.access().relevant() != null) {
            return at(t.access().relevant().jsonPointer() + "/properties/roleDefinitionId");
        }
        if (t.access() != null && t.access().nearest() != null) {
            return at(t.access().nearest().jsonPointer() + "/properties/principalId");
        }
        return at(service + "/identity");
    }

    private String firewallPointer(TemplateFacts t) {
        if (t.vaultResource() == null) {
            return "";
        }
        JsonNode acls = template.tree().at(t.vaultResource().jsonPointer() + "/properties/networkAcls");
        if (acls.has("bypass")) {
            return "/properties/networkAcls/bypass";
        }
        return acls.isObject() ? "/properties/networkAcls" : "/properties/publicNetworkAccess";
    }

    private Finding.Location key(TemplateFacts t, String within, String fallback) {
        return at(t.keyResource() == null ? fallback : t.keyResource().jsonPointer() + within);
    }

    private Finding.Location vault(TemplateFacts t, String within, String fallback) {
        ResolvedResource vault = t.vaultResource();
        return at(vault == null ? fallback : vault.jsonPointer() + within);
    }

    /** The pointer's nearest declared place, or the parameter value it merely forwards. */
    private Finding.Location at(String pointer) {
        String existing = template.lines().existing(pointer);
        JsonNode value = template.tree().at(existing);
        if (parameters != null && value.isTextual()) {
            Matcher m = PARAMETER.matcher(value.textValue().strip());
            if (m.matches()) {
                String inFile = parameterPointer(m.group(1));
                if (inFile != null) {
                    return new Finding.Location(parameters.displayName(), inFile, parameters.lines().line(inFile));
                }
            }
        }
        return new Finding.Location(template.displayName(), existing, template.lines().line(existing));
    }

    private String parameterPointer(String name) {
        JsonNode root = parameters.tree();
        boolean wrapped = (root.has("$schema") || root.has("contentVersion")) && root.path("parameters").isObject();
        JsonNode entries = wrapped ? root.path("parameters") : root;
        for (var it = entries.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                String base = (wrapped ? "/parameters/" : "/") + LineIndex.escape(field);
                return entries.get(field).has("value") ? base + "/value" : base;
            }
        }
        return null;
    }
}
