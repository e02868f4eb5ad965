package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.model.VaultFacts;

import java.util.List;

/** Adds key permissions for a principal to an access-policy vault (ARM merges them per object id). */
public final class AccessPolicyWriter {

    private final ArmClient arm;

    public AccessPolicyWriter(ArmClient arm) {
        this.arm = arm;
    }

    /** True when an access policy of the vault already gives the object these key permissions (or all). */
    public static boolean holds(VaultFacts vault, String objectId, List<String> keyPermissions) {
        return vault.accessPolicies().stream()
                .filter(p -> objectId.equalsIgnoreCase(p.objectId()))
                .anyMatch(p -> p.keyPermissions().stream().anyMatch("all"::equalsIgnoreCase)
                        || keyPermissions.stream().allMatch(n -> p.keyPermissions().stream().anyMatch(n::equalsIgnoreCase)));
    }

    public Grant add(VaultFacts vault, String tenantId, String objectId, List<String> keyPermissions) {
        if (holds(vault, objectId, keyPermissions)) {
            return Grant.ALREADY_GRANTED;
        }
        ObjectNode policy = Json.MAPPER.createObjectNode().put("tenantId", tenantId).put("objectId", objectId);
        ArrayNode keys = policy.putObject("permissions").putArray("keys");
        keyPermissions.forEach(keys::add);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("properties").putArray("accessPolicies").add(policy);
        arm.put(vault.resourceId() + "/accessPolicies/add", ApiVersions.KEY_VAULT_MGMT, body.toString(),
                "add an access policy for " + objectId + " to " + vault.name());
        return Grant.CREATED;
    }
}
