package dev.dicomcmk.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.AccessFacts.RoleGrant;
import dev.dicomcmk.model.BuiltInRoles;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.RoleDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the role assignments that could let an identity use a key: Azure RBAC assignments of
 * the principal in the subscription (ARM answers at, above and below for a principal filter;
 * the checker keeps those covering the key), and Managed HSM local role assignments.
 */
public final class AccessReader {

    private final AzureSession session;
    private final Map<String, RoleDefinition> customRoles = new ConcurrentHashMap<>();

    public AccessReader(AzureSession session) {
        this.session = session;
    }

    /** Azure RBAC grants of one principal in a subscription. */
    public List<RoleGrant> azureRbac(String subscriptionId, String principalId) {
        String filter = java.net.URLEncoder.encode("principalId eq '" + principalId + "'",
                java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        List<JsonNode> items = session.arm().list("/subscriptions/" + subscriptionId
                        + "/providers/Microsoft.Authorization/roleAssignments?$filter=" + filter,
                ApiVersions.AUTHORIZATION, "list role assignments of " + principalId);
        List<RoleGrant> grants = new ArrayList<>();
        for (JsonNode a : items) {
            String roleId = Json.text(a, "properties", "roleDefinitionId");
            grants.add(new RoleGrant(Json.text(a, "id"), Json.text(a, "properties", "principalId"),
                    Json.text(a, "properties", "scope"), role(subscriptionId, roleId), false));
        }
        return grants;
    }

    /** Local role assignments of a Managed HSM (every scope; the checker keeps those covering the key). */
    public List<RoleGrant> managedHsmLocal(KeyUrl key) {
        String operation = "list local role assignments of " + key.vaultName();
        String url = key.vaultUrl() + "/providers/Microsoft.Authorization/roleAssignments?api-version="
                + ApiVersions.MANAGED_HSM_RBAC;
        List<RoleGrant> grants = new ArrayList<>();
        for (int page = 0; url != null && page < 100; page++) {
            JsonNode body = hsmGet(url, operation);
            for (JsonNode a : body.path("value")) {
                String roleId = Json.text(a, "properties", "roleDefinitionId");
                RoleDefinition role = BuiltInRoles.byGuid(BuiltInRoles.guidOf(roleId))
                        .orElse(new RoleDefinition(BuiltInRoles.guidOf(roleId), "custom HSM role " + BuiltInRoles.guidOf(roleId),
                                List.of(), List.of()));
                grants.add(new RoleGrant(Json.text(a, "id"), Json.text(a, "properties", "principalId"),
                        Json.text(a, "properties", "scope"), role, true));
            }
            url = Json.text(body, "nextLink");
        }
        return grants;
    }

    private JsonNode hsmGet(String url, String operation) {
        try (HttpResponse r = session.managedHsmPipeline().sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE)) {
            String text = r.getBodyAsBinaryData() == null ? "" : r.getBodyAsBinaryData().toString();
            if (r.getStatusCode() >= 400) {
                throw AzureErrors.fromResponse(operation, r.getStatusCode(), text);
            }
            return Expected.list("a list page").body(url, r, text, operation);
        } catch (AzureFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw AzureErrors.fromThrowable(operation, e);
        }
    }

    /** Built-in roles come from the catalogue; custom ones are read once per run. */
    RoleDefinition role(String subscriptionId, String roleDefinitionId) {
        String guid = BuiltInRoles.guidOf(roleDefinitionId);
        return BuiltInRoles.byGuid(guid).orElseGet(() -> customRoles.computeIfAbsent(guid, g -> {
            JsonNode body = session.arm().getResource("/subscriptions/" + subscriptionId
                            + "/providers/Microsoft.Authorization/roleDefinitions/" + g, ApiVersions.AUTHORIZATION,
                    ResourceTypes.ROLE_DEFINITION, "read role definition " + g);
            List<String> data = new ArrayList<>();
            List<String> notData = new ArrayList<>();
            for (JsonNode perm : body.path("properties").path("permissions")) {
                perm.path("dataActions").forEach(d -> data.add(d.asText()));
                perm.path("notDataActions").forEach(d -> notData.add(d.asText()));
            }
            String name = Json.text(body, "properties", "roleName");
            return new RoleDefinition(g, name == null ? "role " + g : name, data, notData);
        }));
    }
}
