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
            throw new AzureFailure(AzureFailure.Kind.FAILED, "read subscription " + subscriptionId, 200, null,
                    "ARM did not report the subscription's tenant", null);
        }
        return tenant;
    }
}
