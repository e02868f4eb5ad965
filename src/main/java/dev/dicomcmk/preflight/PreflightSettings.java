package dev.dicomcmk.preflight;

import dev.dicomcmk.requirements.CheckSettings;

import java.time.Instant;
import java.util.Objects;

/**
 * How a template is checked.
 *
 * @param now            the time expiry is judged against (a fixed clock in tests, the local clock otherwise)
 * @param subscriptionId the subscription the template will be deployed to, or null (symbolic)
 * @param tenantId       the tenant it will be deployed in, or null: then subscription().tenantId stays symbolic
 *                       and only a vault that uses subscription().tenantId too is provably in the same tenant
 */
public record PreflightSettings(CheckSettings checks, Instant now, DnsSuffixes dns, String subscriptionId, String tenantId) {

    public PreflightSettings {
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(dns, "dns");
    }
}
