package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.SandboxContext;
import dev.dicomcmk.sandbox.SandboxIds;
import dev.dicomcmk.sandbox.SandboxWorld;
import dev.dicomcmk.sandbox.rbac.RoleDefinition;
import dev.dicomcmk.sandbox.world.AccessPolicy;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.ResourceGroup;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.UserAssignedIdentity;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;
import dev.dicomcmk.sandbox.world.Workspace;

import java.time.Instant;
import java.util.List;

/**
 * ARM resource bodies in the shapes of the official examples plus the real-traffic differences
 * WIRE.md lists (DICOM name "ws/dicom", quoted etag, systemData).
 */
public final class ArmJson {

    private ArmJson() {
    }

    static String iso(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }

    /** ARM's 7-digit fraction form ("2022-05-12T05:15:16.0000000Z"), as operation and deployment times are written. */
    static String isoFraction(long epochSecond) {
        return iso(epochSecond).replace("Z", ".0000000Z");
    }

    /** Who made the sandbox's resources: the operator application, as ARM's systemData records it. */
    static ObjectNode systemData(long created, long modified) {
        return Json.obj().put("createdBy", SandboxIds.CLIENT_ID).put("createdByType", "Application")
                .put("createdAt", iso(created)).put("lastModifiedBy", SandboxIds.CLIENT_ID)
                .put("lastModifiedByType", "Application").put("lastModifiedAt", iso(modified));
    }

    static ObjectNode subscription(WorldState w) {
        return subscription(w.subscriptionId, w.subscriptionName, w.tenantId);
    }

    static ObjectNode subscription(String id, String displayName, String tenantId) {
        ObjectNode o = Json.obj().put("id", "/subscriptions/" + id)
                .put("authorizationSource", "RoleBased").put("subscriptionId", id)
                .put("tenantId", tenantId).put("displayName", displayName).put("state", "Enabled");
        o.set("subscriptionPolicies", Json.obj().put("locationPlacementId", "Public_2014-09-01")
                .put("quotaId", "PayAsYouGo_2014-09-01").put("spendingLimit", "Off"));
        o.set("managedByTenants", Json.arr());
        return o;
    }

    static ObjectNode resourceGroup(WorldState w, ResourceGroup g) {
        ObjectNode o = Json.obj().put("id", g.id(w.subscriptionOf(g.name))).put("name", g.name)
                .put("type", "Microsoft.Resources/resourceGroups").put("location", g.location);
        o.set("tags", Json.strings(g.tags));
        o.set("properties", Json.obj().put("provisioningState", "Succeeded"));
        return o;
    }

    /** The GET view of a DICOM service, for the sandbox's own Java API. */
    public static ObjectNode dicomServiceView(WorldState w, DicomService s) {
        return dicomService(w, s);
    }

    static ObjectNode dicomService(WorldState w, DicomService s) {
        ObjectNode o = Json.obj().put("id", s.id(w.subscriptionOf(s.resourceGroup))).put("name", s.workspace + "/" + s.name)
                .put("type", "Microsoft.HealthcareApis/workspaces/dicomservices").put("etag", s.etag)
                .put("location", s.location);
        o.set("tags", Json.strings(s.tags));
        o.set("systemData", systemData(s.createdAt, s.lastModifiedAt));
        o.set("identity", identity(w, s));
        ObjectNode p = Json.obj();
        ObjectNode auth = Json.obj().put("authority", "https://" + SandboxContext.LOGIN_HOST + "/" + w.tenantId + "/");
        auth.set("audiences", Json.arr(List.of(SandboxContext.DICOM_AUDIENCE + "/", SandboxContext.DICOM_AUDIENCE)));
        p.set("authenticationConfiguration", auth);
        if (s.corsConfiguration != null) {
            p.set("corsConfiguration", s.corsConfiguration.deepCopy());
        }
        // the recorded create answers serviceUrl "" until the service exists
        p.put("serviceUrl", "Creating".equals(s.provisioningState) ? "" : "https://" + s.host(SandboxContext.DNS_ZONE));
        p.set("privateEndpointConnections", Json.arr());
        p.put("publicNetworkAccess", s.publicNetworkAccess);
        p.put("provisioningState", s.provisioningState);
        p.put("eventState", s.eventState);
        if (s.keyEncryptionKeyUrl != null) {
            ObjectNode enc = Json.obj();
            enc.set("customerManagedKeyEncryption", Json.obj().put("keyEncryptionKeyUrl", s.keyEncryptionKeyUrl));
            p.set("encryption", enc);
        }
        if (s.storageConfiguration != null) {
            p.set("storageConfiguration", s.storageConfiguration.deepCopy());
        }
        p.put("enableDataPartitions", s.enableDataPartitions);
        o.set("properties", p);
        return o;
    }

    /** ServiceManagedIdentity: principalId/tenantId only for system-assigned; UAMIs keyed by their ARM id. */
    static ObjectNode identity(WorldState w, DicomService s) {
        ObjectNode id = Json.obj();
        if (s.hasSystemIdentity()) {
            id.put("principalId", s.principalId).put("tenantId", s.identityTenantId);
        }
        id.put("type", s.identityType);
        if (s.hasUserIdentities()) {
            ObjectNode uamis = Json.obj();
            for (String uid : s.userAssignedIdentities) {
                ObjectNode detail = Json.obj();
                w.userAssignedIdentityById(uid).ifPresent(u -> detail
                        .put("principalId", s.attachedPrincipals.getOrDefault(uid.toLowerCase(java.util.Locale.ROOT), u.principalId))
                        .put("clientId", u.clientId));
                uamis.set(uid, detail);
            }
            id.set("userAssignedIdentities", uamis);
        }
        return id;
    }

    static ObjectNode workspace(WorldState w, Workspace ws) {
        ObjectNode o = Json.obj().put("id", ws.id(w.subscriptionOf(ws.resourceGroup))).put("name", ws.name)
                .put("type", "Microsoft.HealthcareApis/workspaces").put("etag", "\"" + Integer.toHexString(ws.name.hashCode()) + "-0000-0400-0000-000000000000\"")
                .put("location", ws.location);
        o.set("tags", Json.strings(ws.tags));
        o.set("systemData", systemData(ws.createdAt, ws.createdAt));
        ObjectNode p = Json.obj().put("provisioningState", "Succeeded");
        p.set("privateEndpointConnections", Json.arr());
        p.put("publicNetworkAccess", "Enabled");
        o.set("properties", p);
        return o;
    }

    /** getVault.json (2024-11-01); enablePurgeProtection is absent unless turned on, as Azure returns it. */
    static ObjectNode vault(WorldState w, Vault v) {
        ObjectNode o = Json.obj().put("id", v.id(w.subscriptionOf(v.resourceGroup))).put("name", v.name).put("type", v.armType())
                .put("location", v.location);
        o.set("tags", Json.strings(v.tags));
        o.set("systemData", systemData(v.createdAt, v.createdAt));
        ObjectNode p = Json.obj();
        p.set("sku", Json.obj().put("family", "A").put("name", v.skuName));
        p.put("tenantId", v.tenantId);
        var policies = Json.arr();
        for (AccessPolicy ap : v.accessPolicies) {
            ObjectNode perms = Json.obj();
            perms.set("keys", Json.arr(ap.keys));
            perms.set("secrets", Json.arr(ap.secrets));
            perms.set("certificates", Json.arr(ap.certificates));
            ObjectNode e = Json.obj().put("tenantId", ap.tenantId).put("objectId", ap.objectId);
            e.set("permissions", perms);
            policies.add(e);
        }
        p.set("accessPolicies", policies);
        p.put("enabledForDeployment", false).put("enabledForDiskEncryption", false)
                .put("enabledForTemplateDeployment", false).put("enableSoftDelete", v.enableSoftDelete)
                .put("softDeleteRetentionInDays", v.softDeleteRetentionInDays)
                .put("enableRbacAuthorization", v.enableRbacAuthorization);
        if (Boolean.TRUE.equals(v.enablePurgeProtection)) {
            p.put("enablePurgeProtection", true);
        }
        p.set("networkAcls", networkAcls(v));
        p.put("vaultUri", "https://" + v.host(SandboxContext.DNS_ZONE) + "/");
        p.put("provisioningState", "Succeeded").put("publicNetworkAccess", v.publicNetworkAccess);
        o.set("properties", p);
        return o;
    }

    /** ManagedHsm_Get.json (2024-11-01). */
    static ObjectNode managedHsm(WorldState w, Vault v) {
        ObjectNode o = Json.obj().put("id", v.id(w.subscriptionOf(v.resourceGroup))).put("name", v.name).put("type", v.armType())
                .put("location", v.location);
        o.set("sku", Json.obj().put("family", "B").put("name", v.skuName));
        o.set("tags", Json.strings(v.tags));
        o.set("systemData", systemData(v.createdAt, v.createdAt));
        ObjectNode p = Json.obj().put("tenantId", v.tenantId);
        p.set("initialAdminObjectIds", Json.arr(v.initialAdminObjectIds));
        p.put("hsmUri", "https://" + v.host(SandboxContext.DNS_ZONE) + "/")
                .put("enableSoftDelete", v.enableSoftDelete)
                .put("softDeleteRetentionInDays", v.softDeleteRetentionInDays)
                .put("enablePurgeProtection", Boolean.TRUE.equals(v.enablePurgeProtection))
                .put("provisioningState", "Succeeded")
                .put("statusMessage", "The Managed HSM is provisioned and ready to use.");
        p.set("networkAcls", networkAcls(v));
        p.put("publicNetworkAccess", v.publicNetworkAccess);
        p.set("privateEndpointConnections", Json.arr());
        p.set("securityDomainProperties", Json.obj().put("activationStatus", "Active")
                .put("activationStatusMessage", "Your HSM has been activated and can be used for cryptographic operations."));
        o.set("properties", p);
        return o;
    }

    private static ObjectNode networkAcls(Vault v) {
        ObjectNode n = Json.obj().put("bypass", v.networkAcls.bypass).put("defaultAction", v.networkAcls.defaultAction);
        var ips = Json.arr();
        v.networkAcls.ipRules.forEach(ip -> ips.add(Json.obj().put("value", ip.contains("/") ? ip : ip + "/32")));
        n.set("ipRules", ips);
        var vnets = Json.arr();
        v.networkAcls.virtualNetworkRules.forEach(id -> vnets.add(Json.obj().put("id", id.toLowerCase(java.util.Locale.ROOT))
                .put("ignoreMissingVnetServiceEndpoint", false)));
        n.set("virtualNetworkRules", vnets);
        return n;
    }

    /** IdentityGet.json (2023-01-31). */
    static ObjectNode userAssignedIdentity(WorldState w, UserAssignedIdentity u) {
        ObjectNode o = Json.obj().put("id", u.id(w.subscriptionOf(u.resourceGroup))).put("location", u.location).put("name", u.name);
        ObjectNode p = Json.obj().put("isolationScope", "None").put("clientId", u.clientId)
                .put("principalId", u.principalId).put("tenantId", u.tenantId);
        o.set("properties", p);
        o.set("tags", Json.strings(u.tags));
        o.put("type", "Microsoft.ManagedIdentity/userAssignedIdentities");
        o.set("systemData", systemData(u.createdAt, u.createdAt));
        return o;
    }

    /** RoleAssignments_Get.json (2022-04-01), roleDefinitionId in the subscription-scoped form. */
    static ObjectNode roleAssignment(WorldState w, RoleAssignment ra) {
        ObjectNode p = Json.obj()
                .put("roleDefinitionId", "/subscriptions/" + w.subscriptionId
                        + "/providers/Microsoft.Authorization/roleDefinitions/" + ra.roleDefinitionGuid)
                .put("principalId", ra.principalId).put("principalType", ra.principalType).put("scope", ra.scope);
        if (ra.condition == null) {
            p.putNull("condition");
            p.putNull("conditionVersion");
        } else {
            p.put("condition", ra.condition).put("conditionVersion", "2.0");
        }
        p.put("createdOn", iso(ra.createdOn)).put("updatedOn", iso(ra.createdOn))
                .put("createdBy", SandboxIds.OPERATOR_OBJECT_ID).put("updatedBy", SandboxIds.OPERATOR_OBJECT_ID);
        p.putNull("delegatedManagedIdentityResourceId");
        if (ra.description == null) {
            p.putNull("description");
        } else {
            p.put("description", ra.description);
        }
        ObjectNode o = Json.obj();
        o.set("properties", p);
        o.put("id", ra.id()).put("type", "Microsoft.Authorization/roleAssignments").put("name", ra.name);
        return o;
    }

    /** RoleAssignments_CreateForResource.json: the PUT answer, roleDefinitionId as the request gave it. */
    static ObjectNode roleAssignmentCreated(WorldState w, RoleAssignment ra, String requestedRoleDefinitionId) {
        ObjectNode o = roleAssignment(w, ra);
        ((ObjectNode) o.get("properties")).put("roleDefinitionId", requestedRoleDefinitionId);
        return o;
    }

    static ObjectNode roleDefinition(WorldState w, RoleDefinition d, boolean tenantLevel) {
        ObjectNode perm = Json.obj();
        perm.set("actions", Json.arr(d.actions()));
        perm.set("notActions", Json.arr(d.notActions()));
        perm.set("dataActions", Json.arr(d.dataActions()));
        perm.set("notDataActions", Json.arr(d.notDataActions()));
        ObjectNode p = Json.obj().put("roleName", d.roleName()).put("type", "BuiltInRole").put("description", d.description());
        p.set("assignableScopes", Json.arr(List.of("/")));
        p.set("permissions", Json.arr().add(perm));
        p.put("createdOn", "2020-05-19T17:52:46.2349235Z").put("updatedOn", "2024-03-01T00:00:00.0000000Z");
        p.putNull("createdBy");
        p.putNull("updatedBy");
        String prefix = tenantLevel ? "" : "/subscriptions/" + w.subscriptionId;
        ObjectNode o = Json.obj().put("id", prefix + "/providers/Microsoft.Authorization/roleDefinitions/" + d.guid());
        o.set("properties", p);
        o.put("type", "Microsoft.Authorization/roleDefinitions").put("name", d.guid());
        return o;
    }

    /** availabilityStatuses/current in the shape of AvailabilityStatus_GetByResource.json ("occuredTime" sic). */
    static ObjectNode availability(String resourceId, String location, SandboxWorld.Health h, long since, long now,
                                   boolean expand, boolean isDicom) {
        ObjectNode p = Json.obj();
        if (h.available()) {
            p.put("availabilityState", "Available").put("title", "Available")
                    .put("summary", "There aren't any known Azure platform problems affecting this resource.")
                    .put("reasonType", "").put("context", "").put("category", "").put("reasonChronicity", "")
                    .put("detailedStatus", "").put("occuredTime", iso(since)).put("reportedTime", iso(now));
            if (expand) {
                p.set("recommendedActions", Json.arr().add(Json.obj()
                        .put("action", "If you are experiencing problems you believe are caused by Azure, contact support")
                        .put("actionUrl", "<#SupportCase>").put("actionUrlText", "contact support")));
            }
        } else {
            long when = h.since() == null ? now : h.since();
            p.put("availabilityState", "Unavailable").put("title", "Customer-managed key inaccessible")
                    .put("summary", (isDicom ? "The DICOM service" : "This resource")
                            + " can't access its customer-managed key, so its data is inaccessible and API requests fail with 500 errors.")
                    .put("reasonType", "Unplanned").put("context", "Customer Initiated").put("category", "Unplanned")
                    .put("reasonChronicity", "Persistent").put("detailedStatus", h.problem() == null ? "" : h.problem())
                    .put("occuredTime", iso(when)).put("reportedTime", iso(now))
                    .put("rootCauseAttributionTime", iso(when));
            if (expand) {
                p.set("recommendedActions", Json.arr()
                        .add(Json.obj().put("action", "Restore the managed identity's get, wrapKey and unwrapKey access to the key, and make sure the key is enabled and not expired")
                                .put("actionUrl", "<#ResourceBlade>").put("actionUrlText", "resource blade"))
                        .add(Json.obj().put("action", "If access was lost for more than 30 minutes, redeploy the service through an ARM template")
                                .put("actionUrl", "<#ResourceBlade>").put("actionUrlText", "resource blade")));
            }
        }
        ObjectNode o = Json.obj().put("id", resourceId + "/providers/Microsoft.ResourceHealth/availabilityStatuses/current")
                .put("name", "current").put("type", "Microsoft.ResourceHealth/AvailabilityStatuses").put("location", location);
        o.set("properties", p);
        return o;
    }
}
