package dev.dicomcmk.sandbox.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the simulated Azure holds, as plain mutable data (saved to the state dir as JSON).
 * Names are matched case-insensitively, as Azure does; stored casing is what responses echo.
 * Not thread-safe by itself: reach it through {@link dev.dicomcmk.sandbox.SandboxWorld}.
 */
public final class WorldState {

    public String scenario;
    public String tenantId;
    public String subscriptionId;
    public String subscriptionName;
    public String location;
    /** Tenants other than the home tenant that exist (their token endpoint answers, but the operator is not there). */
    public List<String> otherTenants = new ArrayList<>();
    /** Subscriptions beside the home one (null-safe: states saved before fleets spread have none). */
    public List<Subscription> subscriptions = new ArrayList<>();
    /** Management groups by name: the subscriptions under each (a tenant's root group holds them all). */
    public Map<String, List<String>> managementGroups = new LinkedHashMap<>();
    public ResourceGraphLimits resourceGraph = new ResourceGraphLimits();
    public List<ResourceGroup> resourceGroups = new ArrayList<>();
    public List<Vault> vaults = new ArrayList<>();
    public List<Workspace> workspaces = new ArrayList<>();
    public List<DicomService> dicomServices = new ArrayList<>();
    public List<UserAssignedIdentity> userAssignedIdentities = new ArrayList<>();
    public List<RoleAssignment> roleAssignments = new ArrayList<>();
    public List<Deployment> deployments = new ArrayList<>();
    public List<AsyncOperation> operations = new ArrayList<>();
    public Directory directory = new Directory();
    /** Seeded generator of ids for things created at run time (key versions, assignment names). */
    public IdGenerator ids = new IdGenerator();
    public Map<String, String> notes = new LinkedHashMap<>();

    /** The subscription a resource group lives in (resource group names are unique across the sandbox's subscriptions). */
    public String subscriptionOf(String resourceGroup) {
        return resourceGroup(resourceGroup).map(g -> g.subscriptionId).filter(s -> s != null).orElse(subscriptionId);
    }

    /** The tenant of a subscription this world holds, or null when it holds no such subscription. */
    public String tenantOfSubscription(String id) {
        if (id == null) {
            return null;
        }
        if (id.equalsIgnoreCase(subscriptionId)) {
            return tenantId;
        }
        return subscriptions.stream().filter(s -> s.id.equalsIgnoreCase(id)).map(s -> s.tenantId).findFirst().orElse(null);
    }

    /** Every subscription id, the home one first. */
    public List<String> subscriptionIds() {
        List<String> out = new ArrayList<>(List.of(subscriptionId));
        subscriptions.forEach(s -> out.add(s.id));
        return out;
    }

    /** A resource group by name in the given subscription. */
    public Optional<ResourceGroup> resourceGroup(String subscription, String name) {
        return resourceGroup(name).filter(g -> subscriptionOf(g.name).equalsIgnoreCase(subscription));
    }

    public Optional<ResourceGroup> resourceGroup(String name) {
        return resourceGroups.stream().filter(g -> g.name.equalsIgnoreCase(name)).findFirst();
    }

    /** A key vault (not a managed HSM) by name. */
    public Optional<Vault> vault(String name) {
        return vaults.stream().filter(v -> !v.isManagedHsm() && v.name.equalsIgnoreCase(name)).findFirst();
    }

    public Optional<Vault> managedHsm(String name) {
        return vaults.stream().filter(v -> v.isManagedHsm() && v.name.equalsIgnoreCase(name)).findFirst();
    }

    public Optional<Workspace> workspace(String resourceGroup, String name) {
        return workspaces.stream().filter(w -> w.resourceGroup.equalsIgnoreCase(resourceGroup)
                && w.name.equalsIgnoreCase(name)).findFirst();
    }

    public Optional<DicomService> dicomService(String resourceGroup, String workspace, String name) {
        return dicomServices.stream().filter(d -> d.resourceGroup.equalsIgnoreCase(resourceGroup)
                && d.workspace.equalsIgnoreCase(workspace) && d.name.equalsIgnoreCase(name)).findFirst();
    }

    /** The demo service every scenario has (demo-rg/demo-ws/demo-dicom). */
    public DicomService demoService() {
        return dicomService("demo-rg", "demo-ws", "demo-dicom").orElseThrow();
    }

    public Optional<UserAssignedIdentity> userAssignedIdentity(String resourceGroup, String name) {
        return userAssignedIdentities.stream().filter(u -> u.resourceGroup.equalsIgnoreCase(resourceGroup)
                && u.name.equalsIgnoreCase(name)).findFirst();
    }

    public Optional<Deployment> deployment(String resourceGroup, String name) {
        return deployments.stream().filter(d -> d.resourceGroup.equalsIgnoreCase(resourceGroup)
                && d.name.equalsIgnoreCase(name)).findFirst();
    }

    public Optional<AsyncOperation> operation(String id) {
        return operations.stream().filter(o -> o.id.equals(id)).findFirst();
    }

    /** A user-assigned identity by its ARM id (any casing). */
    public Optional<UserAssignedIdentity> userAssignedIdentityById(String id) {
        return userAssignedIdentities.stream().filter(u -> u.id(subscriptionId).equalsIgnoreCase(id)).findFirst();
    }
}
