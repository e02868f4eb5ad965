package dev.dicomcmk.sandbox.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Entra directory as far as role assignments care: when each managed-identity principal the
 * sandbox made at run time appeared (a new principal takes a while to replicate to where role
 * assignments are checked) and which principals were deleted. Principals seeded by scenarios and
 * object ids the sandbox never made (users, other apps) are treated as long-replicated.
 */
public final class Directory {

    /** Object id (lower case) to creation time, Unix seconds. */
    public Map<String, Long> createdAt = new LinkedHashMap<>();
    /** Object ids (lower case) of principals that no longer exist. */
    public List<String> deleted = new ArrayList<>();

    public void created(String objectId, long now) {
        createdAt.put(objectId.toLowerCase(Locale.ROOT), now);
        deleted.remove(objectId.toLowerCase(Locale.ROOT));
    }

    public void deleted(String objectId) {
        String id = objectId.toLowerCase(Locale.ROOT);
        if (!deleted.contains(id)) {
            deleted.add(id);
        }
    }

    public boolean isDeleted(String objectId) {
        return deleted.contains(objectId.toLowerCase(Locale.ROOT));
    }

    /** Seconds since the principal was made, or null for a principal the sandbox did not make at run time. */
    public Long ageSeconds(String objectId, long now) {
        Long t = createdAt.get(objectId.toLowerCase(Locale.ROOT));
        return t == null ? null : now - t;
    }
}
