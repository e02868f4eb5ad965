package dev.dicomcmk.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.model.AccessFacts.RoleGrant;
import dev.dicomcmk.model.ArmIds;
import dev.dicomcmk.model.KeyUrl;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/** Grants a Managed HSM local (data-plane) role at a scope such as /keys/{name}, idempotently. */
public final class ManagedHsmRoleWriter {

    private final AzureSession session;

    public ManagedHsmRoleWriter(AzureSession session) {
        this.session = session;
    }

    public Grant grant(KeyUrl key, String scope, String roleGuid, String principalId) {
        boolean already = new AccessReader(session).managedHsmLocal(key).stream()
                .anyMatch(g -> sameGrant(g, scope, roleGuid, principalId));
        if (already) {
            return Grant.ALREADY_GRANTED;
        }
        String name = UUID.nameUUIDFromBytes((scope + "|" + roleGuid + "|" + principalId).toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("properties")
                .put("roleDefinitionId", "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + roleGuid)
                .put("principalId", principalId);
        String url = key.vaultUrl() + (scope.equals("/") ? "" : scope) + "/providers/Microsoft.Authorization/roleAssignments/"
                + name + "?api-version=" + ApiVersions.MANAGED_HSM_RBAC;
        String operation = "assign a local role on " + key.vaultName() + " to " + principalId;
        HttpRequest request = new HttpRequest(HttpMethod.PUT, url);
        request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
        request.setBody(body.toString());
        try (HttpResponse r = session.managedHsmPipeline().sendSync(request, Context.NONE)) {
            String text = r.getBodyAsBinaryData() == null ? "" : r.getBodyAsBinaryData().toString();
            if (r.getStatusCode() == 409) {
                return Grant.ALREADY_GRANTED;
            }
            if (r.getStatusCode() >= 400) {
                throw AzureErrors.fromResponse(operation, r.getStatusCode(), text);
            }
            return Grant.CREATED;
        } catch (AzureFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw AzureErrors.fromThrowable(operation, e);
        }
    }

    private static boolean sameGrant(RoleGrant g, String scope, String roleGuid, String principalId) {
        return principalId.equalsIgnoreCase(g.principalId()) && roleGuid.equalsIgnoreCase(g.role().guid())
                && ArmIds.same(scope, g.scope());
    }

}
