package dev.dicomcmk.sandbox.world;

/** A Managed HSM local (data-plane) role assignment; scope "/", "/keys" or "/keys/{name}". */
public final class HsmRoleAssignment {
    public String name;
    public String scope;
    public String roleDefinitionGuid;
    public String principalId;

    public HsmRoleAssignment() {
    }

    public HsmRoleAssignment(String name, String scope, String roleDefinitionGuid, String principalId) {
        this.name = name;
        this.scope = scope;
        this.roleDefinitionGuid = roleDefinitionGuid;
        this.principalId = principalId;
    }
}
