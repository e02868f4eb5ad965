package dev.dicomcmk.sandbox.world;

/** A rotation-policy action: exactly one trigger (ISO-8601 durations), action Rotate or Notify. */
public final class LifetimeAction {
    public String timeAfterCreate;
    public String timeBeforeExpiry;
    public String action;

    public LifetimeAction() {
    }

    public LifetimeAction(String timeAfterCreate, String timeBeforeExpiry, String action) {
        this.timeAfterCreate = timeAfterCreate;
        this.timeBeforeExpiry = timeBeforeExpiry;
        this.action = action;
    }
}
