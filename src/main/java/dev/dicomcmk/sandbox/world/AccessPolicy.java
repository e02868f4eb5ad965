package dev.dicomcmk.sandbox.world;

import java.util.ArrayList;
import java.util.List;

/** An access-policy entry of a vault that does not use RBAC. Permission names as ARM spells them. */
public final class AccessPolicy {
    public String tenantId;
    public String objectId;
    public List<String> keys = new ArrayList<>();
    public List<String> secrets = new ArrayList<>();
    public List<String> certificates = new ArrayList<>();

    public AccessPolicy() {
    }

    public AccessPolicy(String tenantId, String objectId, List<String> keys) {
        this.tenantId = tenantId;
        this.objectId = objectId;
        this.keys = new ArrayList<>(keys);
    }
}
