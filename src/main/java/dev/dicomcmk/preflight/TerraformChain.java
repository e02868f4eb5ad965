package dev.dicomcmk.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.AccessFacts;
import dev.dicomcmk.model.AccessFacts.RoleGrant;
import dev.dicomcmk.model.BuiltInRoles;
import dev.dicomcmk.model.IdentityFacts;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyFacts.RotationPolicyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.RoleDefinition;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceFacts.UserAssignedRef;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultFacts.AccessPolicy;
import dev.dicomcmk.model.VaultKind;
import dev.dicomcmk.preflight.TerraformPlan.Instance;
import dev.dicomcmk.preflight.TerraformPlan.Value;
import dev.dicomcmk.model.CmkFacts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The chain of one azurerm_healthcare_dicom_service in a plan, as the checker's {@link CmkFacts}:
 * service → encryption_key_url → the key it reads → that key's vault → the service's identities
 * → the role assignments and access policies that reach the key. Each link follows the known
 * value when the plan has it and the configuration's references when it is known only after
 * apply; what neither decides is unknown with the reason, never guessed.
 *
 * @param key    the key instance, or null
 * @param vault  the vault or Managed HSM instance, or null
 * @param access the role assignment or access policy that decides access, or null
 */
record TerraformChain(CmkFacts facts, Instance service, Instance key, Instance vault, Instance access) {

    static final String DICOM = "azurerm_healthcare_dicom_service";
    static final String KEY = "azurerm_key_vault_key";
    static final String VAULT = "azurerm_key_vault";
    static final String HSM_KEY = "azurerm_key_vault_managed_hardware_security_module_key";
    static final String HSM = "azurerm_key_vault_managed_hardware_security_module";
    static final String HSM_ROLE_ASSIGNMENT = "azurerm_key_vault_managed_hardware_security_module_role_assignment";
    private static final String UAMI = "azurerm_user_assigned_identity";
    private static final String CLIENT_CONFIG = "azurerm_client_config";

    private static final List<RoleDefinition> ROLES = List.of(BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER,
            BuiltInRoles.KV_CRYPTO_OFFICER, BuiltInRoles.KV_CRYPTO_USER, BuiltInRoles.KV_ADMINISTRATOR, BuiltInRoles.KV_READER,
            BuiltInRoles.KV_CRYPTO_SERVICE_RELEASE_USER, BuiltInRoles.KV_CONTRIBUTOR, BuiltInRoles.OWNER,
            BuiltInRoles.CONTRIBUTOR, BuiltInRoles.READER);

    static String afterApply(Instance instance, String attribute) {
        return Symbols.notDeterminable(instance.address() + "." + attribute + " is known only after apply");
    }

    /** Builds the chain; {@code tenantOption} is --tenant (or null). */
    static TerraformChain of(Instance service, TerraformPlan plan, PreflightSettings settings) {
        return new Builder(service, plan, settings).build();
    }

    private static final class Builder {
        private final Instance service;
        private final TerraformPlan plan;
        private final PreflightSettings settings;
        private final Observed<String> homeTenant;
        private final String clientConfigSymbol;

        Builder(Instance service, TerraformPlan plan, PreflightSettings settings) {
            this.service = service;
            this.plan = plan;
            this.settings = settings;
            Optional<String> fromPlan = plan.ofType(CLIENT_CONFIG).stream()
                    .map(c -> TerraformPlan.value(c, "tenant_id").text()).filter(t -> t != null).findFirst();
            this.clientConfigSymbol = Symbols.of("data.azurerm_client_config.tenant_id");
            if (fromPlan.isPresent()) {
                homeTenant = Observed.known(fromPlan.get());
            } else if (settings.tenantId() != null) {
                homeTenant = Observed.known(settings.tenantId());
            } else {
                homeTenant = Observed.unknown("the plan reads no data.azurerm_client_config and no --tenant was given");
            }
        }

        TerraformChain build() {
            Instant now = settings.now();
            Value urlValue = TerraformPlan.value(service, "encryption_key_url");
            Identities ids = identities();
            Observed<String> urlText = urlValue.known() ? Observed.known(urlValue.text()) : Observed.unknown(afterApply(service, "encryption_key_url"));
            // the key: the one the URL's reference reads, else the one whose id the URL is
            Instance key = null;
            String attribute = "";
            for (String ref : urlValue.references()) {
                // through module outputs and inputs too: the attribute is the one the key's own module reads
                List<TerraformPlan.Resolved> found = plan.follow(service, ref).stream()
                        .filter(r -> r.instance().type().equals(KEY) || r.instance().type().equals(HSM_KEY)).toList();
                if (found.size() == 1) {
                    key = found.get(0).instance();
                    attribute = TerraformPlan.attributeOf(found.get(0).reference());
                    break;
                }
            }
            Observed<KeyUrl> url;
            if (urlValue.known() && urlValue.text() != null) {
                try {
                    KeyUrl parsed = KeyUrl.parse(urlValue.text(), settings.dns().keyVault(), settings.dns().managedHsm());
                    url = Observed.known(parsed);
                    if (key == null) {
                        key = keyByUrl(parsed);
                    }
                } catch (RuntimeException e) {
                    url = Observed.unknown("encryption_key_url " + urlValue.text() + " is not a key URL: " + e.getMessage());
                }
            } else if (key != null) {
                url = urlFromKey(key, attribute);
                if (url.isKnown()) {
                    // the reference decides whether the URL is versioned (id) or not (versionless_id)
                    urlText = Observed.known(url.value().url());
                }
            } else {
                url = Observed.unknown(urlValue.known() ? "encryption_key_url is not set"
                        : afterApply(service, "encryption_key_url") + ", and it reads no key the plan declares");
            }
            if (key == null || !url.isKnown()) {
                String why = key == null ? Symbols.notDeterminable("the key is not declared in " + plan.file().displayName())
                        : url.unknownReason();
                return new TerraformChain(new CmkFacts(now, urlText, url, Observed.unknown(why), false, Observed.unknown(why),
                        homeTenant, ids.service, ids.identities, Observed.unknown(why)), service, key, null, null);
            }
            Observed<KeyFacts> keyFacts = keyFacts(key, url.value());
            Instance vault = vaultOf(key);
            if (vault == null) {
                String why = Symbols.notDeterminable("the vault of " + key.address() + " is not declared in the plan");
                return new TerraformChain(new CmkFacts(now, urlText, url, keyFacts, false, Observed.unknown(why), homeTenant,
                        ids.service, ids.identities, Observed.unknown(why)), service, key, null, null);
            }
            Observed<VaultFacts> vaultFacts = vaultFacts(vault, ids);
            Instance decisive = null;
            Observed<AccessFacts> access;
            if (!vaultFacts.isKnown()) {
                access = Observed.unknown(vaultFacts.unknownReason());
            } else if (vaultFacts.value().kind() == VaultKind.MANAGED_HSM) {
                Access a = hsmAccess(ids, key, vault, url.value());
                access = a.facts;
                decisive = a.decisive;
            } else {
                Access a = access(ids, key, vault, vaultFacts.value(), url.value());
                access = a.facts;
                decisive = a.decisive;
            }
            Observed<List<IdentityFacts>> identities = ids.identities;
            if (vaultFacts.isKnown() && ids.unresolvedPolicy != null && !vaultFacts.value().rbacAuthorization()) {
                identities = Observed.unknown(ids.unresolvedPolicy);
            }
            if (decisive == null && ids.policyHolder != null) {
                decisive = ids.policyHolder;
            }
            CmkFacts facts = new CmkFacts(now, urlText, url, keyFacts, false, vaultFacts, homeTenant, ids.service,
                    identities, access);
            return new TerraformChain(facts, service, key, vault, decisive);
        }

        // ---- identities ----

        private final class Identities {
            Observed<ServiceFacts> service;
            Observed<List<IdentityFacts>> identities;
            /** principal text -> the instance whose identity it is */
            final Map<String, Instance> principals = new LinkedHashMap<>();
            String unresolvedPolicy;
            Instance policyHolder;
        }

        private Identities identities() {
            Identities ids = new Identities();
            Value block = TerraformPlan.value(service, "identity");
            if (block.unknown()) {
                String why = afterApply(service, "identity");
                ids.service = Observed.unknown(why);
                ids.identities = Observed.unknown(why);
                return ids;
            }
            JsonNode identity = block.node() == null ? null : block.node().path(0);
            String type = identity == null || identity.isMissingNode() ? "None" : identity.path("type").asText("None");
            String lower = type.toLowerCase(Locale.ROOT).replace(" ", "");
            List<IdentityFacts> list = new ArrayList<>();
            String system = null;
            if (lower.contains("systemassigned")) {
                Value principal = TerraformPlan.value(service, "identity", 0, "principal_id");
                system = principal.text() != null ? principal.text()
                        : Symbols.of(service.address() + ".identity[0].principal_id");
                ids.principals.put(system, service);
                list.add(new IdentityFacts(IdentityFacts.Kind.SYSTEM_ASSIGNED, null, system, null, IdentityFacts.Presence.PRESENT, null));
            }
            Map<String, UserAssignedRef> userAssigned = new LinkedHashMap<>();
            if (lower.contains("userassigned")) {
                Value idList = TerraformPlan.value(service, "identity", 0, "identity_ids");
                List<Instance> uamis = new ArrayList<>();
                if (idList.known() && idList.node() != null && idList.node().isArray() && idList.node().size() > 0) {
                    for (JsonNode id : idList.node()) {
                        uamis.add(plan.ofType(UAMI).stream()
                                .filter(u -> id.asText().equalsIgnoreCase(TerraformPlan.value(u, "id").text()))
                                .findFirst().orElse(null));
                        if (uamis.get(uamis.size() - 1) == null) {
                            uamis.remove(uamis.size() - 1);
                            userAssigned.put(id.asText(), new UserAssignedRef(Symbols.of("principal of " + id.asText()), null));
                        }
                    }
                } else {
                    uamis.addAll(resolveAll(service, idList, UAMI));
                    if (uamis.isEmpty()) {
                        String why = afterApply(service, "identity[0].identity_ids");
                        ids.service = Observed.unknown(why);
                        ids.identities = Observed.unknown(why);
                        return ids;
                    }
                }
                for (Instance u : uamis) {
                    String id = Optional.ofNullable(TerraformPlan.value(u, "id").text()).orElse(Symbols.of(u.address() + ".id"));
                    String principal = Optional.ofNullable(TerraformPlan.value(u, "principal_id").text())
                            .orElse(Symbols.of(u.address() + ".principal_id"));
                    ids.principals.put(principal, u);
                    userAssigned.put(id, new UserAssignedRef(principal, null));
                }
                userAssigned.forEach((id, ref) -> list.add(new IdentityFacts(IdentityFacts.Kind.USER_ASSIGNED, id,
                        ref.principalId(), null, IdentityFacts.Presence.PRESENT, null)));
            }
            String name = Optional.ofNullable(TerraformPlan.value(service, "name").text()).orElse(service.address());
            ServiceId id = new ServiceId(Optional.ofNullable(settings.subscriptionId()).orElse(Symbols.SUBSCRIPTION_ID),
                    Symbols.RESOURCE_GROUP, Symbols.of("workspace of " + service.address()), name);
            ids.service = Observed.known(new ServiceFacts(id, TerraformPlan.value(service, "location").text(), null, null, null,
                    type, system, null, userAssigned, TerraformPlan.value(service, "encryption_key_url").text()));
            ids.identities = Observed.known(list);
            return ids;
        }

        private List<Instance> resolveAll(Instance from, Value value, String type) {
            List<Instance> out = new ArrayList<>();
            for (String ref : value.references()) {
                for (Instance i : plan.resolve(from, ref)) {
                    if (i.type().equals(type) && !out.contains(i)) {
                        out.add(i);
                    }
                }
            }
            return out;
        }

        /**
         * Who a principal_id / object_id names: a literal, the identity of an instance the chain
         * holds (its principal text), or null when only apply decides it.
         */
        private String principal(Instance from, Identities ids, Value value) {
            if (value.known()) {
                return value.text();
            }
            for (String ref : value.references()) {
                for (Instance target : plan.resolve(from, ref)) {
                    for (var e : ids.principals.entrySet()) {
                        if (e.getValue().equals(target)) {
                            return e.getKey();
                        }
                    }
                    if (target.type().equals(DICOM) || target.type().equals(UAMI)) {
                        return Symbols.of("principal of " + target.address()); // someone else's identity
                    }
                }
            }
            return null;
        }

        // ---- key ----

        private Instance keyByUrl(KeyUrl url) {
            return Stream.concat(plan.ofType(KEY).stream(), plan.ofType(HSM_KEY).stream())
                    .filter(k -> Stream.of("id", "versionless_id", "versioned_id")
                            .map(a -> TerraformPlan.value(k, a).text())
                            .anyMatch(t -> t != null && (t.equalsIgnoreCase(url.url())
                                    || t.equalsIgnoreCase(url.withVersion(null).url()))))
                    .findFirst().orElse(null);
        }

        private Observed<KeyUrl> urlFromKey(Instance key, String attribute) {
            boolean hsm = key.type().equals(HSM_KEY);
            boolean versioned = hsm ? attribute.equals("versioned_id") : attribute.equals("id");
            String keyName = TerraformPlan.value(key, "name").text();
            Instance vault = vaultOf(key);
            String vaultName = vault == null ? null : TerraformPlan.value(vault, "name").text();
            if (keyName == null || vaultName == null) {
                return Observed.unknown(afterApply(service, "encryption_key_url") + " (" + key.address() + "." + attribute
                        + ", whose vault or name the plan does not tell)");
            }
            VaultKind kind = hsm ? VaultKind.MANAGED_HSM : VaultKind.KEY_VAULT;
            String host = vaultName.toLowerCase(Locale.ROOT) + "." + (hsm ? settings.dns().managedHsm() : settings.dns().keyVault());
            return Observed.known(new KeyUrl(kind, vaultName, host, keyName,
                    versioned ? Symbols.of(key.address() + " version at apply") : null));
        }

        private Observed<KeyFacts> keyFacts(Instance key, KeyUrl url) {
            for (String attr : List.of("key_type", "key_size", "key_opts")) {
                if (TerraformPlan.value(key, attr).unknown()) {
                    return Observed.unknown(afterApply(key, attr));
                }
            }
            String type = TerraformPlan.value(key, "key_type").text();
            if (type == null) {
                return Observed.unknown(Symbols.notDeterminable(key.address() + " sets no key_type"));
            }
            boolean rsa = type.toUpperCase(Locale.ROOT).startsWith("RSA");
            JsonNode size = TerraformPlan.value(key, "key_size").node();
            if (rsa && (size == null || !size.isIntegralNumber())) {
                return Observed.unknown(Symbols.notDeterminable(key.address() + " sets no key_size"));
            }
            List<String> ops = new ArrayList<>();
            JsonNode opsNode = TerraformPlan.value(key, "key_opts").node();
            if (opsNode != null) {
                opsNode.forEach(o -> ops.add(o.asText()));
            }
            KeyUrl versioned = url.isVersioned() ? url : url.withVersion(Symbols.of("version at apply"));
            return Observed.known(new KeyFacts(versioned, type, rsa ? size.intValue() : null,
                    rsa ? null : TerraformPlan.value(key, "curve").text(), ops, true,
                    time(TerraformPlan.value(key, "not_before_date").text()),
                    time(TerraformPlan.value(key, "expiration_date").text()), null, null, null,
                    Observed.unknown(TemplateKey.VERSIONS_UNKNOWN), rotationPolicy(key)));
        }

        private static Instant time(String rfc3339) {
            try {
                return rfc3339 == null ? null : OffsetDateTime.parse(rfc3339).toInstant();
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static Observed<RotationPolicyFacts> rotationPolicy(Instance key) {
            JsonNode policy = TerraformPlan.value(key, "rotation_policy").node();
            if (policy == null || policy.path(0).isMissingNode()) {
                return Observed.unknown("the plan sets no rotation_policy");
            }
            JsonNode automatic = policy.path(0).path("automatic").path(0);
            return Observed.known(new RotationPolicyFacts(text(automatic.get("time_after_creation")),
                    text(automatic.get("time_before_expiry")), text(policy.path(0).get("expire_after"))));
        }

        private static String text(JsonNode node) {
            return node == null || node.isNull() ? null : node.asText();
        }

        // ---- vault ----

        private Instance vaultOf(Instance key) {
            boolean hsm = key.type().equals(HSM_KEY);
            String attr = hsm ? "managed_hsm_id" : "key_vault_id";
            String type = hsm ? HSM : VAULT;
            Value id = TerraformPlan.value(key, attr);
            if (id.known() && id.text() != null) {
                Optional<Instance> byId = plan.ofType(type).stream()
                        .filter(v -> id.text().equalsIgnoreCase(TerraformPlan.value(v, "id").text())).findFirst();
                if (byId.isPresent()) {
                    return byId.get();
                }
            }
            List<Instance> found = plan.resolveFirst(key, id, type);
            return found.size() == 1 ? found.get(0) : null;
        }

        private String vaultId(Instance vault) {
            String known = TerraformPlan.value(vault, "id").text();
            if (known != null) {
                return known;
            }
            String group = Optional.ofNullable(TerraformPlan.value(vault, "resource_group_name").text()).orElse(Symbols.RESOURCE_GROUP);
            String name = Optional.ofNullable(TerraformPlan.value(vault, "name").text()).orElse(Symbols.of(vault.address() + ".name"));
            return "/subscriptions/" + Optional.ofNullable(settings.subscriptionId()).orElse(Symbols.SUBSCRIPTION_ID)
                    + "/resourceGroups/" + group + "/providers/Microsoft.KeyVault/"
                    + (vault.type().equals(HSM) ? "managedHSMs/" : "vaults/") + name;
        }

        private Observed<VaultFacts> vaultFacts(Instance vault, Identities ids) {
            boolean hsm = vault.type().equals(HSM);
            List<String> flags = hsm ? List.of("purge_protection_enabled", "public_network_access_enabled")
                    : List.of("purge_protection_enabled", "enable_rbac_authorization", "rbac_authorization_enabled",
                    "public_network_access_enabled", "network_acls", "access_policy");
            boolean rbacKnown = !hsm && (bool(vault, "enable_rbac_authorization") || bool(vault, "rbac_authorization_enabled"));
            for (String flag : flags) {
                // access_policy and network_acls are computed when not configured (from separate
                // access-policy resources, Azure's defaults); unknown then means "not set here"
                boolean computed = (flag.equals("access_policy") || flag.equals("network_acls"))
                        && !vault.config().path("expressions").has(flag);
                boolean irrelevant = flag.equals("access_policy") && rbacKnown;
                if (TerraformPlan.value(vault, flag).unknown() && !computed && !irrelevant) {
                    return Observed.unknown(afterApply(vault, flag));
                }
            }
            Value tenantValue = TerraformPlan.value(vault, "tenant_id");
            String tenant = tenantValue.text();
            if (tenant == null && !plan.resolveFirst(vault, tenantValue, CLIENT_CONFIG).isEmpty()) {
                tenant = homeTenant.isKnown() ? homeTenant.value() : clientConfigSymbol;
            }
            if (tenant == null) {
                return Observed.unknown(afterApply(vault, "tenant_id"));
            }
            boolean purge = TerraformPlan.value(vault, "purge_protection_enabled").node() != null
                    && TerraformPlan.value(vault, "purge_protection_enabled").node().asBoolean(false);
            boolean rbac = !hsm && (bool(vault, "enable_rbac_authorization") || bool(vault, "rbac_authorization_enabled"));
            JsonNode publicAccess = TerraformPlan.value(vault, "public_network_access_enabled").node();
            String publicNetwork = publicAccess != null && publicAccess.isBoolean() && !publicAccess.booleanValue() ? "Disabled" : "Enabled";
            JsonNode acls = TerraformPlan.value(vault, "network_acls").unknown() ? null : TerraformPlan.value(vault, "network_acls").node();
            JsonNode acl = acls == null ? null : acls.path(0);
            String defaultAction = acl == null || acl.isMissingNode() ? null : acl.path("default_action").asText("Allow");
            String bypass = acl == null || acl.isMissingNode() ? null : acl.path("bypass").asText("AzureServices");
            List<AccessPolicy> policies = new ArrayList<>();
            if (!hsm) {
                JsonNode inline = rbac ? null : TerraformPlan.value(vault, "access_policy").node();
                if (inline != null) {
                    for (int i = 0; i < inline.size(); i++) {
                        String who = principal(vault, ids, TerraformPlan.value(vault, "access_policy", i, "object_id"));
                        addPolicy(policies, ids, vault, who, inline.get(i).path("key_permissions"));
                    }
                }
                for (Instance p : plan.ofType("azurerm_key_vault_access_policy")) {
                    Value target = TerraformPlan.value(p, "key_vault_id");
                    boolean ours = target.known() ? vaultId(vault).equalsIgnoreCase(String.valueOf(target.text()))
                            : plan.resolveFirst(p, target, VAULT).contains(vault);
                    if (ours) {
                        Value keys = TerraformPlan.value(p, "key_permissions");
                        addPolicy(policies, ids, p, principal(p, ids, TerraformPlan.value(p, "object_id")),
                                keys.node() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : keys.node());
                    }
                }
            }
            String name = Optional.ofNullable(TerraformPlan.value(vault, "name").text()).orElse(vault.address());
            return Observed.known(new VaultFacts(hsm ? VaultKind.MANAGED_HSM : VaultKind.KEY_VAULT, vaultId(vault), name,
                    TerraformPlan.value(vault, "location").text(), tenant, Boolean.TRUE,
                    TerraformPlan.value(vault, "soft_delete_retention_days").node() == null ? null
                            : TerraformPlan.value(vault, "soft_delete_retention_days").node().asInt(),
                    purge, rbac, policies, defaultAction, bypass, List.of(), publicNetwork, privateEndpoints(vault)));
        }

        private void addPolicy(List<AccessPolicy> policies, Identities ids, Instance holder, String who, JsonNode permissions) {
            if (who == null) {
                ids.unresolvedPolicy = Symbols.notDeterminable("whom the access policy of " + holder.address()
                        + " is for is known only after apply");
                return;
            }
            List<String> keys = new ArrayList<>();
            permissions.forEach(k -> keys.add(k.asText()));
            policies.add(new AccessPolicy(null, who, keys));
            if (ids.principals.containsKey(who) && ids.policyHolder == null) {
                ids.policyHolder = holder;
            }
        }

        private static boolean bool(Instance i, String attribute) {
            JsonNode n = TerraformPlan.value(i, attribute).node();
            return n != null && n.asBoolean(false);
        }

        private int privateEndpoints(Instance vault) {
            int count = 0;
            for (Instance pe : plan.ofType("azurerm_private_endpoint")) {
                JsonNode connections = TerraformPlan.value(pe, "private_service_connection").node();
                for (int i = 0; connections != null && i < connections.size(); i++) {
                    Value target = TerraformPlan.value(pe, "private_service_connection", i, "private_connection_resource_id");
                    boolean ours = target.known() ? vaultId(vault).equalsIgnoreCase(String.valueOf(target.text()))
                            : plan.resolveFirst(pe, target, vault.type()).contains(vault);
                    count += ours ? 1 : 0;
                }
            }
            return count;
        }

        // ---- role assignments ----

        private record Access(Observed<AccessFacts> facts, Instance decisive) {
        }

        private Access access(Identities ids, Instance key, Instance vault, VaultFacts v, KeyUrl url) {
            List<Instance> assignments = plan.ofType("azurerm_role_assignment");
            if (assignments.isEmpty()) {
                return new Access(Observed.unknown(Symbols.notDeterminable(
                        "the plan assigns no role; access granted outside it is known only to Azure")), null);
            }
            String keyScope = v.resourceId() + "/keys/" + url.keyName();
            List<RoleGrant> grants = new ArrayList<>();
            Instance relevant = null;
            for (Instance a : assignments) {
                Value scopeValue = TerraformPlan.value(a, "scope");
                String scope = scope(a, scopeValue, key, vault, v.resourceId(), keyScope);
                if (scope == null) {
                    return scopeUnknown(a, key);
                }
                String s = scope.toLowerCase(Locale.ROOT);
                String k = keyScope.toLowerCase(Locale.ROOT);
                if (!s.isEmpty() && !k.equals(s) && !k.startsWith(s + "/")) {
                    continue; // another resource's scope
                }
                String principal = principal(a, ids, TerraformPlan.value(a, "principal_id"));
                if (principal == null) {
                    return principalUnknown(a);
                }
                if (!ids.principals.containsKey(principal)) {
                    continue;
                }
                Optional<RoleDefinition> role = role(a);
                if (role.isEmpty()) {
                    return new Access(Observed.unknown(Symbols.notDeterminable("the role of " + a.address()
                            + " is not a built-in role known by name or id")), a);
                }
                grants.add(new RoleGrant(a.address(), principal, scope, role.get(), false));
                relevant = relevant == null || role.get() != BuiltInRoles.KV_CRYPTO_SERVICE_ENCRYPTION_USER ? a : relevant;
            }
            return new Access(Observed.known(new AccessFacts(grants)), relevant);
        }

        /** An assignment whose scope is known only after apply and reads nothing tied to the key: SKIP, never a guess. */
        private static Access scopeUnknown(Instance assignment, Instance key) {
            return new Access(Observed.unknown(Symbols.notDeterminable("the scope of " + assignment.address()
                    + " is known only after apply and reads nothing the plan ties to " + key.address())), assignment);
        }

        /** An assignment whose principal is known only after apply and names no declared identity: SKIP. */
        private static Access principalUnknown(Instance assignment) {
            return new Access(Observed.unknown(Symbols.notDeterminable("the principal_id of " + assignment.address()
                    + " is known only after apply and names no identity the plan declares")), assignment);
        }

        private static final String HSM_ROLE_DEFINITION = "azurerm_key_vault_managed_hardware_security_module_role_definition";

        /**
         * A Managed HSM key's access: the HSM's local role assignments in the plan (scope "/", "/keys" or
         * "/keys/NAME"; role_definition_id the local role's id, or a reference to a role definition data source).
         * As with azurerm_role_assignment, a plan that makes none leaves access to the HSM (SKIP); when it makes
         * some, they are the whole story.
         */
        private Access hsmAccess(Identities ids, Instance key, Instance hsm, KeyUrl url) {
            List<Instance> assignments = plan.ofType(HSM_ROLE_ASSIGNMENT).stream().filter(a -> onThisHsm(a, hsm)).toList();
            if (assignments.isEmpty()) {
                return new Access(Observed.unknown(Symbols.notDeterminable("the plan makes no Managed HSM local role "
                        + "assignment on " + hsm.address() + "; access granted outside it is known only to the HSM")), null);
            }
            String keyScope = "/keys/" + url.keyName();
            List<RoleGrant> grants = new ArrayList<>();
            Instance relevant = null;
            for (Instance a : assignments) {
                Value scopeValue = TerraformPlan.value(a, "scope");
                String scope = scopeValue.known() ? scopeValue.text()
                        : plan.resolveFirst(a, scopeValue, HSM_KEY).contains(key) ? keyScope : null;
                if (scope == null) {
                    return scopeUnknown(a, key);
                }
                String s = scope.endsWith("/") && scope.length() > 1 ? scope.substring(0, scope.length() - 1) : scope;
                if (!s.equals("/") && !s.equalsIgnoreCase("/keys") && !s.equalsIgnoreCase(keyScope)) {
                    continue; // another key
                }
                String principal = principal(a, ids, TerraformPlan.value(a, "principal_id"));
                if (principal == null) {
                    return principalUnknown(a);
                }
                if (!ids.principals.containsKey(principal)) {
                    continue;
                }
                Optional<RoleDefinition> role = hsmRole(a);
                if (role.isEmpty()) {
                    return new Access(Observed.unknown(Symbols.notDeterminable("the role of " + a.address()
                            + " is not a built-in Managed HSM role known by id or name")), a);
                }
                grants.add(new RoleGrant(a.address(), principal, s.equals("/") ? "" : s, role.get(), true));
                relevant = relevant == null || role.get() != BuiltInRoles.HSM_CRYPTO_SERVICE_ENCRYPTION_USER ? a : relevant;
            }
            return new Access(Observed.known(new AccessFacts(grants)), relevant);
        }

        /** Whether an HSM role assignment is made on this HSM: by managed_hsm_id, or vault_base_url (older providers). */
        private boolean onThisHsm(Instance assignment, Instance hsm) {
            for (String attribute : List.of("managed_hsm_id", "vault_base_url")) {
                Value v = TerraformPlan.value(assignment, attribute);
                if (v.known() && v.text() != null) {
                    String id = TerraformPlan.value(hsm, "id").text();
                    String uri = TerraformPlan.value(hsm, "hsm_uri").text();
                    String name = TerraformPlan.value(hsm, "name").text();
                    String t = v.text().toLowerCase(Locale.ROOT);
                    if ((id != null && t.equalsIgnoreCase(id)) || (uri != null && t.startsWith(uri.toLowerCase(Locale.ROOT)))
                            || (name != null && (t.endsWith("/managedhsms/" + name.toLowerCase(Locale.ROOT))
                            || t.startsWith("https://" + name.toLowerCase(Locale.ROOT) + ".")))) {
                        return true;
                    }
                } else if (plan.resolveFirst(assignment, v, HSM).contains(hsm)) {
                    return true;
                }
            }
            return false;
        }

        private Optional<RoleDefinition> hsmRole(Instance a) {
            Value id = TerraformPlan.value(a, "role_definition_id");
            if (id.known() && id.text() != null) {
                return BuiltInRoles.byGuid(BuiltInRoles.guidOf(id.text()));
            }
            for (Instance definition : plan.resolveFirst(a, id, HSM_ROLE_DEFINITION)) {
                Optional<RoleDefinition> byGuid = BuiltInRoles.byGuid(TerraformPlan.value(definition, "name").text());
                if (byGuid.isPresent()) {
                    return byGuid;
                }
                String roleName = TerraformPlan.value(definition, "role_name").text();
                Optional<RoleDefinition> byName = Stream.of(BuiltInRoles.HSM_CRYPTO_SERVICE_ENCRYPTION_USER,
                                BuiltInRoles.HSM_CRYPTO_USER, BuiltInRoles.HSM_CRYPTO_OFFICER, BuiltInRoles.HSM_ADMINISTRATOR,
                                BuiltInRoles.HSM_CRYPTO_AUDITOR, BuiltInRoles.HSM_POLICY_ADMINISTRATOR, BuiltInRoles.HSM_BACKUP)
                        .filter(r -> r.name().equalsIgnoreCase(roleName)).findFirst();
                if (byName.isPresent()) {
                    return byName;
                }
            }
            return Optional.empty();
        }

        /** The scope as an ARM id ("" for root), or null when only apply decides it. */
        private String scope(Instance a, Value value, Instance key, Instance vault, String vaultId, String keyScope) {
            if (value.known()) {
                return value.text() == null ? null : value.text();
            }
            for (String ref : value.references()) {
                for (Instance target : plan.resolve(a, ref)) {
                    if (target.equals(key)) {
                        return keyScope;
                    }
                    if (target.equals(vault)) {
                        return vaultId;
                    }
                    if (target.type().equals("azurerm_resource_group")) {
                        String[] parts = vaultId.split("/");
                        return String.join("/", java.util.Arrays.copyOf(parts, Math.min(parts.length, 5)));
                    }
                    if (target.type().equals(KEY) || target.type().equals(VAULT) || target.type().equals(HSM)
                            || target.type().equals(HSM_KEY)) {
                        return "/elsewhere/" + target.address(); // a different key or vault
                    }
                }
            }
            return null;
        }

        private static Optional<RoleDefinition> role(Instance a) {
            String name = TerraformPlan.value(a, "role_definition_name").text();
            if (name != null) {
                return ROLES.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
            }
            return BuiltInRoles.byGuid(BuiltInRoles.guidOf(TerraformPlan.value(a, "role_definition_id").text()));
        }
    }
}
