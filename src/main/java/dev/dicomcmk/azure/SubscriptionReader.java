package dev.dicomcmk.azure;

/** Reads which tenant a subscription belongs to: the tenant a DICOM service and its key must share. */
public final class SubscriptionReader {

    private final ArmClient arm;

    public SubscriptionReader(ArmClient arm) {
        this.arm = arm;
    }

    public String tenantOf(String subscriptionId) {
        String tenant = Json.text(arm.getResource("/subscriptions/" + subscriptionId, ApiVersions.SUBSCRIPTIONS,
                ResourceTypes.SUBSCRIPTION, "read subscription " + subscriptionId), "tenantId");
        if (tenant == null) {
            // the subscription without its tenant is not what was asked for: unread, never "no tenant"
            throw Expected.resource("subscription " + subscriptionId, null, null).refused("read subscription "
                    + subscriptionId, 200, arm.host(), "a subscription without its tenantId");
        }
        return tenant;
    }
}
