package dev.dicomcmk.sandbox.world;

/**
 * A subscription beside the home one (fleet scenarios spread services across several). One in another
 * tenant exists but the operator's home-tenant token cannot reach it: ARM answers it as Azure does.
 */
public final class Subscription {
    public String id;
    public String displayName;
    public String tenantId;

    public Subscription() {
    }

    public Subscription(String id, String displayName, String tenantId) {
        this.id = id;
        this.displayName = displayName;
        this.tenantId = tenantId;
    }
}
