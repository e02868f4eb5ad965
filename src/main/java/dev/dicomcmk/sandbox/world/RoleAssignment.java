package dev.dicomcmk.sandbox.world;

/** An Azure RBAC role assignment (ARM). scope is an ARM id ("/subscriptions/..."), as stored. */
public final class RoleAssignment {
    public String name;
    public String scope;
    public String roleDefinitionGuid;
    public String principalId;
    public String principalType = "ServicePrincipal";
    public String description;
    /** An ABAC condition limiting the assignment (RBAC Administrator's usual shape), or null. */
    public String condition;
    public long createdOn;

    public RoleAssignment() {
    }

    public RoleAssignment(String name, String scope, String roleDefinitionGuid, String principalId, long createdOn) {
        this.name = name;
        this.scope = scope;
        this.roleDefinitionGuid = roleDefinitionGuid;
        this.principalId = principalId;
        this.createdOn = createdOn;
    }

    public String id() {
        return ("/".equals(scope) ? "" : scope) + "/providers/Microsoft.Authorization/roleAssignments/" + name;
    }
}
