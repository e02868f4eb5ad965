package dev.dicomcmk.cli;

import picocli.CommandLine.Option;

/**
 * How a command names a fleet beyond one subscription: every subscription the principal can read, a
 * management group, and the services that use one key. The services are found with Azure Resource Graph.
 */
public final class FleetScopeOptions {

    @Option(names = "--all-subscriptions", description = "Every DICOM service in every subscription the signed-in "
            + "principal can read, found with one Azure Resource Graph query.")
    boolean allSubscriptions;

    @Option(names = "--management-group", paramLabel = "NAME", description = "Every DICOM service in the subscriptions "
            + "under this management group (Azure Resource Graph).")
    String managementGroup;

    @Option(names = "--uses-key", paramLabel = "URL", description = "Only the services whose key URL names this key, "
            + "at any version (a versioned or versionless key URL); in --subscription unless --all-subscriptions or "
            + "--management-group says where.")
    String usesKey;

    /** Whether the command runs over a fleet found with Resource Graph. */
    boolean active() {
        return allSubscriptions || managementGroup != null || usesKey != null;
    }

    /** The option that made the fleet, as a message names it. */
    String named() {
        return allSubscriptions ? "--all-subscriptions" : managementGroup != null ? "--management-group" : "--uses-key";
    }
}
