package dev.dicomcmk.access;

import dev.dicomcmk.model.AccessGrant;
import dev.dicomcmk.identity.IdentityPlan;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultKind;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The permissions each write of this tool needs (WIRE.md 10), at the scopes it writes to, with what
 * someone holding them could run instead. Pure: it decides from the plan and the facts read already.
 */
public final class OperatorNeeds {

    public static final String SERVICE_WRITE = "Microsoft.HealthcareApis/workspaces/dicomservices/write";
    public static final String DEPLOYMENT_WRITE = "Microsoft.Resources/deployments/write";
    public static final String WHAT_IF = "Microsoft.Resources/deployments/whatIf/action";
    public static final String ROLE_ASSIGNMENT_WRITE = "Microsoft.Authorization/roleAssignments/write";
    public static final String ACCESS_POLICY_WRITE = "Microsoft.KeyVault/vaults/accessPolicies/write";
    public static final String KEY_CREATE = "Microsoft.KeyVault/vaults/keys/create/action";
    public static final String HSM_KEY_CREATE = "Microsoft.KeyVault/managedHsm/keys/create";
    public static final String HSM_ROLE_ASSIGNMENT_WRITE = "Microsoft.KeyVault/managedHsm/roleAssignments/write/action";

    static final String ACCESS_POLICY_VAULT = "the vault uses access policies, which the permissions answer does not show";
    static final String HSM_LOCAL_RBAC = "Managed HSM local RBAC is held by the HSM, not shown in ARM's permissions answer";

    private OperatorNeeds() {
    }

    /** The resource group id of a resource id ("/subscriptions/s/resourceGroups/g/..."). */
    public static String resourceGroupOf(String armId) {
        String[] s = armId.split("/");
        if (s.length < 5 || !s[3].equalsIgnoreCase("resourceGroups")) {
            throw new IllegalArgumentException("not a resource-group resource id: " + armId);
        }
        return "/subscriptions/" + s[2] + "/resourceGroups/" + s[4];
    }

    /**
     * enable-identity: the identity change (a PATCH of the service) and the grant for each identity.
     *
     * @param principals the object id of a grant target known before any write ("system" or a user-assigned
     *                   identity's ARM id), or null when it exists only after the change
     * @param granted    whether a known principal holds the grant already (then applying it writes nothing)
     */
    public static List<OperatorNeed> forIdentityPlan(IdentityPlan plan, String serviceId, KeyUrl key, VaultFacts vault,
                                                     Function<String, String> principals,
                                                     java.util.function.Predicate<String> granted, String instead) {
        List<OperatorNeed> needs = new ArrayList<>();
        if (plan.changesIdentity()) {
            needs.add(OperatorNeed.action(SERVICE_WRITE, serviceId, instead));
        }
        AccessGrant g = plan.grant();
        if (g != null) {
            for (String target : plan.grantTo()) {
                String principal = principals.apply(target);
                if (principal != null && granted.test(principal)) {
                    continue;
                }
                needs.add(grant(g, key, vault, principal, principal == null ? instead : grantCommand(g, key, vault, principal)));
            }
        }
        return distinct(needs);
    }

    /** rotate-key: the switch's deployment (and the service it rewrites), and a new key version when it makes one. */
    public static List<OperatorNeed> forRotation(String serviceId, boolean newVersion, KeyUrl key, VaultFacts vault,
                                                 String instead) {
        String group = resourceGroupOf(serviceId);
        List<OperatorNeed> needs = new ArrayList<>();
        needs.add(OperatorNeed.action(SERVICE_WRITE, serviceId, instead).alsoAt(group));
        needs.add(OperatorNeed.action(DEPLOYMENT_WRITE, group, instead));
        if (newVersion) {
            OperatorNeed create = newKeyVersion(key, vault, instead);
            // a fleet's keys share their vault: a grant there settles every key in it with one read
            needs.add(vault != null && create.unverifiable() == null ? create.alsoAt(vault.resourceId()) : create);
        }
        return needs;
    }

    /** update-via-arm: --deploy writes the deployment and the service; --what-if only asks ARM. */
    public static List<OperatorNeed> forDeployment(String serviceId, boolean whatIfOnly, String instead) {
        String group = resourceGroupOf(serviceId);
        if (whatIfOnly) {
            return List.of(OperatorNeed.action(WHAT_IF, group, instead));
        }
        return List.of(OperatorNeed.action(SERVICE_WRITE, serviceId, instead).alsoAt(group),
                OperatorNeed.action(DEPLOYMENT_WRITE, group, instead));
    }

    static OperatorNeed grant(AccessGrant g, KeyUrl key, VaultFacts vault, String principal, String instead) {
        return switch (g.method()) {
            case AZURE_RBAC -> OperatorNeed.action(ROLE_ASSIGNMENT_WRITE, g.scope(), instead);
            case ACCESS_POLICY -> OperatorNeed.action(ACCESS_POLICY_WRITE, vault.resourceId(), instead);
            case MANAGED_HSM_LOCAL_RBAC -> OperatorNeed.dataAction(HSM_ROLE_ASSIGNMENT_WRITE, hsmScope(vault, g.scope()), instead)
                    .unverifiable(HSM_LOCAL_RBAC);
        };
    }

    static OperatorNeed newKeyVersion(KeyUrl key, VaultFacts vault, String instead) {
        if (key.kind() == VaultKind.MANAGED_HSM) {
            String hsm = vault != null ? vault.resourceId() : key.host();
            return OperatorNeed.dataAction(HSM_KEY_CREATE, hsmScope(vault, "/keys/" + key.keyName()), instead)
                    .unverifiable(HSM_LOCAL_RBAC + " (" + hsm + ")");
        }
        if (vault == null) {
            return OperatorNeed.dataAction(KEY_CREATE, key.vaultUrl() + "keys/" + key.keyName(), instead)
                    .unverifiable("the vault could not be read, so neither its id nor its permission model is known");
        }
        OperatorNeed need = OperatorNeed.dataAction(KEY_CREATE, vault.resourceId() + "/keys/" + key.keyName(), instead);
        return vault.rbacAuthorization() ? need : need.unverifiable(ACCESS_POLICY_VAULT);
    }

    /** The line someone holding the grant's permission can run for an identity that exists already. */
    static String grantCommand(AccessGrant g, KeyUrl key, VaultFacts vault, String principal) {
        return switch (g.method()) {
            case AZURE_RBAC -> "az role assignment create --assignee-object-id " + principal
                    + " --assignee-principal-type ServicePrincipal --role " + g.roleGuid() + " --scope " + g.scope();
            case ACCESS_POLICY -> "az keyvault set-policy --name " + vault.name() + " --object-id " + principal
                    + " --key-permissions " + String.join(" ", g.keyPermissions());
            case MANAGED_HSM_LOCAL_RBAC -> "az keyvault role assignment create --hsm-name " + key.vaultName()
                    + " --assignee-object-id " + principal + " --assignee-principal-type ServicePrincipal --role "
                    + g.roleGuid() + " --scope " + g.scope();
        };
    }

    private static String hsmScope(VaultFacts vault, String localScope) {
        return (vault == null ? "" : vault.resourceId()) + localScope;
    }

    private static List<OperatorNeed> distinct(List<OperatorNeed> needs) {
        List<OperatorNeed> out = new ArrayList<>();
        for (OperatorNeed n : needs) {
            boolean seen = out.stream().anyMatch(o -> o.action().equals(n.action()) && o.scope().equalsIgnoreCase(n.scope())
                    && java.util.Objects.equals(o.instead(), n.instead()));
            if (!seen) {
                out.add(n);
            }
        }
        return out;
    }
}
