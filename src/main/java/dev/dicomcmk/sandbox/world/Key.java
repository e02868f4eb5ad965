package dev.dicomcmk.sandbox.world;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A key with its versions in creation order (the last is the current one). */
public final class Key {
    public String name;
    public List<KeyVersion> versions = new ArrayList<>();
    /** Null until a policy is PUT (GET then answers Key Vault's default policy). */
    public RotationPolicy rotationPolicy;
    /** Set while the key is soft-deleted. */
    public Long deletedDate;
    public Long scheduledPurgeDate;

    public Key() {
    }

    public Key(String name) {
        this.name = name;
    }

    /** The newest version, by creation time (ties: the one added last). */
    public KeyVersion latest() {
        return versions.stream().max(Comparator.comparingLong((KeyVersion v) -> v.created)
                .thenComparingInt(versions::indexOf)).orElseThrow();
    }

    public Optional<KeyVersion> version(String version) {
        return versions.stream().filter(v -> v.version.equalsIgnoreCase(version)).findFirst();
    }

    public boolean isDeleted() {
        return deletedDate != null;
    }
}
