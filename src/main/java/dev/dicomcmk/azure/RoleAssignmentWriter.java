package dev.dicomcmk.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.ArmIds;
import dev.dicomcmk.model.BuiltInRoles;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Grants an Azure RBAC role at a scope, idempotently: an existing assignment of the same role to
 * the same principal at the same scope means "already granted" and nothing is written. The
 * assignment's name is derived from scope, role and principal, so a retried PUT can never create
 * a second assignment. A principal created moments ago is not yet known to Entra everywhere
 * (PrincipalNotFound): that is retried with back-off for a bounded time, here. The assignment is written through
 * the typed role assignments client (azure-resourcemanager-authorization, {@link TypedArm}); the SDK's own
 * PrincipalNotFound retry lives only in its fluent RoleAssignmentImpl, which cannot send principalType (the
 * field ARM documents against exactly this replication delay) and waits 10 s, 20 s, 40 s through a JVM-wide
 * delay provider: ours stays. The check for an existing assignment is a read and stays raw.
 */
public final class RoleAssignmentWriter {

    private static final Duration REPLICATION_WAIT = Duration.ofMinutes(2);

    private final AzureSession session;

    public RoleAssignmentWriter(AzureSession session) {
        this.session = session;
    }

    public Grant grant(String scope, String subscriptionId, String roleGuid, String principalId, String principalType) {
        if (existing(scope, roleGuid, principalId)) {
            return Grant.ALREADY_GRANTED;
        }
        String name = assignmentName(scope, roleGuid, principalId);
        RoleAssignmentCreateParameters assignment = new RoleAssignmentCreateParameters()
                .withRoleDefinitionId("/subscriptions/" + subscriptionId
                        + "/providers/Microsoft.Authorization/roleDefinitions/" + roleGuid)
                .withPrincipalId(principalId)
                .withPrincipalType(PrincipalType.fromString(principalType));
        String operation = "assign " + roleName(roleGuid) + " to " + principalId;
        TypedArm typed = session.typedArm();
        long deadline = System.nanoTime() + REPLICATION_WAIT.toNanos();
        Duration wait = Duration.ofSeconds(2);
        while (true) {
            try {
                // the client's path is "/{scope}/providers/...": the scope without its leading slash, or ARM gets "//"
                typed.call(operation, () -> typed.authorization(subscriptionId).roleServiceClient().getRoleAssignments()
                        .createWithResponse(scope.replaceFirst("^/+", ""), name, assignment, Context.NONE));
                return Grant.CREATED;
            } catch (AzureFailure f) {
                if ("RoleAssignmentExists".equals(f.code())) {
                    return Grant.ALREADY_GRANTED;
                }
                if (!"PrincipalNotFound".equals(f.code()) || System.nanoTime() + wait.toNanos() > deadline) {
                    throw f;
                }
            }
            sleep(wait);
            wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(20)) > 0 ? Duration.ofSeconds(20) : wait.multipliedBy(2);
        }
    }

    /** True when the principal already holds the role at exactly this scope (a grant would write nothing). */
    public boolean alreadyGranted(String scope, String roleGuid, String principalId) {
        return existing(scope, roleGuid, principalId);
    }

    private boolean existing(String scope, String roleGuid, String principalId) {
        String filter = java.net.URLEncoder.encode("principalId eq '" + principalId + "'", StandardCharsets.UTF_8)
                .replace("+", "%20");
        List<JsonNode> items = session.arm().list(scope + "/providers/Microsoft.Authorization/roleAssignments?$filter=" + filter,
                ApiVersions.AUTHORIZATION, "list role assignments of " + principalId);
        return items.stream().anyMatch(a -> roleGuid.equalsIgnoreCase(
                BuiltInRoles.guidOf(Json.text(a, "properties", "roleDefinitionId")))
                && ArmIds.same(scope, Json.text(a, "properties", "scope"))
                && principalId.equalsIgnoreCase(Json.text(a, "properties", "principalId")));
    }

    /** A name-based UUID of scope, role and principal: the same grant always has the same name. */
    static String assignmentName(String scope, String roleGuid, String principalId) {
        String key = (ArmIds.trim(scope) + "|" + roleGuid + "|" + principalId).toLowerCase(Locale.ROOT);
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String roleName(String guid) {
        return BuiltInRoles.byGuid(guid).map(r -> r.name()).orElse("role " + guid);
    }


    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AzureFailure(AzureFailure.Kind.FAILED, "wait for the new identity to replicate", 0, null,
                    "interrupted", e);
        }
    }
}
