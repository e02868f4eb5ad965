package dev.dicomcmk.sandbox.world;

/**
 * Resource Graph's limits as the sandbox enforces them (documented defaults; tests lower them to see a
 * client page, batch and wait): rows per page when {@code $top} is absent, subscriptions per request,
 * and the per-user quota of queries per window.
 */
public final class ResourceGraphLimits {
    public int defaultPageSize = 100;
    public int maxSubscriptionsPerQuery = 1000;
    public int quotaPerWindow = 15;
    public int windowSeconds = 5;
}
