package dev.dicomcmk.sandbox;

import dev.dicomcmk.sandbox.entra.TokenIssuer;

/**
 * What the endpoints share: the world, the clock, the operator's credentials, the token issuer and
 * the DNS zone every sandbox host lives under.
 */
public record SandboxContext(SandboxWorld world, SandboxClock clock, SandboxCredentials credentials,
                             TokenIssuer tokens, RequestLog requestLog, Faults faults, Runnable saveAll) {

    public static final String DNS_ZONE = Scenarios.DNS_ZONE;
    public static final String LOGIN_HOST = "login." + DNS_ZONE;
    public static final String MANAGEMENT_HOST = "management." + DNS_ZONE;
    public static final String ADMIN_HOST = "admin." + DNS_ZONE;
    public static final String MANAGEMENT_AUDIENCE = "https://" + MANAGEMENT_HOST + "/";
    public static final String VAULT_AUDIENCE = "https://vault." + DNS_ZONE;
    public static final String MANAGED_HSM_AUDIENCE = "https://managedhsm." + DNS_ZONE;
    /** The DICOM API's audience is an application id URI, the same in every cloud. */
    public static final String DICOM_AUDIENCE = "https://dicom.healthcareapis.azure.com";

    public long now() {
        return clock.nowEpochSecond();
    }
}
