package dev.dicomcmk.rotation;

/**
 * What rotate-key needs to know about a service at one moment: enough to notice another admin's
 * change between plan and apply.
 *
 * @param keyUrl            properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl, or null
 * @param etag              the resource's etag (every write changes it)
 * @param provisioningState e.g. Succeeded, Updating
 */
public record ServiceSnapshot(String keyUrl, String etag, String provisioningState) {

    /** What changed since {@code planned}, in words, or null when nothing did. */
    public String changesSince(ServiceSnapshot planned) {
        if (!same(planned.keyUrl, keyUrl)) {
            return "its key changed from " + planned.keyUrl + " to " + keyUrl;
        }
        if (!same(planned.etag, etag)) {
            return "its etag changed from " + planned.etag + " to " + etag + " (someone else updated it; the key is unchanged)";
        }
        return null;
    }

    public boolean reports(String key) {
        return key != null && key.equalsIgnoreCase(keyUrl);
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }
}
