package dev.dicomcmk.rotation;

import java.util.List;

/**
 * A key version that must stay enabled because the service may have encrypted data with it, and every
 * source that says the service ran on it.
 */
public record KeptVersion(String keyUrl, List<String> sources) {

    public KeptVersion {
        sources = List.copyOf(sources);
    }
}
