package dev.dicomcmk.azure;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where a cloud's endpoints live: Azure's public and sovereign clouds are built in, others
 * (such as the sandbox) come from a JSON file. Nothing here talks to the network.
 *
 * @param name                     display name ("AzureCloud", "Sandbox", ...)
 * @param resourceManagerEndpoint  ARM base URL, e.g. https://management.azure.com/
 * @param resourceManagerAudience  token audience for ARM, e.g. https://management.core.windows.net/
 * @param authorityHost            Entra sign-in host, e.g. https://login.microsoftonline.com/
 * @param keyVaultDnsSuffix        e.g. vault.azure.net
 * @param managedHsmDnsSuffix      e.g. managedhsm.azure.net
 * @param dicomDnsSuffix           DICOM API host suffix, may be null when the cloud has none
 * @param instanceDiscovery        false for private authorities (MSAL would otherwise ask Microsoft's hosts)
 * @param caCertificatePem         extra CA to trust for this cloud only (PEM), or null
 * @param routes                   hosts under a suffix connected to a fixed address (the sandbox)
 */
public record CloudProfile(
        String name,
        URI resourceManagerEndpoint,
        String resourceManagerAudience,
        URI authorityHost,
        String keyVaultDnsSuffix,
        String managedHsmDnsSuffix,
        String dicomDnsSuffix,
        boolean instanceDiscovery,
        String caCertificatePem,
        List<Route> routes) {

    /** Every host equal to or ending in "." + suffix is connected to address (host:port). */
    public record Route(String suffix, String address) {
        public Route {
            Objects.requireNonNull(suffix, "suffix");
            Objects.requireNonNull(address, "address");
        }

        public boolean matches(String host) {
            String h = host.toLowerCase(java.util.Locale.ROOT);
            String s = suffix.toLowerCase(java.util.Locale.ROOT);
            return h.equals(s) || h.endsWith("." + s);
        }
    }

    public CloudProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resourceManagerEndpoint, "resourceManagerEndpoint");
        Objects.requireNonNull(authorityHost, "authorityHost");
        Objects.requireNonNull(keyVaultDnsSuffix, "keyVaultDnsSuffix");
        Objects.requireNonNull(managedHsmDnsSuffix, "managedHsmDnsSuffix");
        if (resourceManagerAudience == null) {
            resourceManagerAudience = resourceManagerEndpoint.toString();
        }
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** The OAuth scope for ARM: audience without trailing slash + "/.default". */
    public String resourceManagerScope() {
        String a = resourceManagerAudience;
        while (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        return a + "/.default";
    }

    /** The OAuth scope for a Managed HSM's data plane (local RBAC calls made without a challenge). */
    public String managedHsmScope() {
        return "https://" + managedHsmDnsSuffix + "/.default";
    }

    /** ARM base URL without the trailing slash, ready for "/subscriptions/...". */
    public String resourceManagerBase() {
        String s = resourceManagerEndpoint.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Whether this cloud is a rehearsal: a local simulator reached on loopback (its profile routes hosts
     * to a loopback address, or its ARM endpoint is on loopback) or named under the reserved .test
     * domain, which no real cloud can use. A rehearsal keeps its state beside its profile, never with a
     * real cloud's.
     */
    public boolean rehearsal() {
        String host = armHost();
        return !routes.isEmpty() || host.equals("test") || host.endsWith(".test") || host.equals("localhost")
                || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    /** The ARM endpoint's host, lower-case: what a real cloud's rotation state is kept under. */
    public String armHost() {
        String host = resourceManagerEndpoint.getHost();
        return host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
    }
}
