package dev.dicomcmk.rotation;

/** Where rotate-key moves a service. */
public enum RotationMode {
    /** create a new version of the same key (same type and size), then switch to it */
    NEW_VERSION,
    /** switch to the newest enabled version that already exists (made by a Key Vault rotation policy) */
    TO_LATEST,
    /** switch to a given versioned key, possibly in another vault */
    KEY_URL
}
