package dev.dicomcmk.sandbox.world;

import java.util.ArrayList;
import java.util.List;

/** A key's rotation policy as last PUT. */
public final class RotationPolicy {
    public List<LifetimeAction> lifetimeActions = new ArrayList<>();
    public String expiryTime;
    public long created;
    public long updated;
}
