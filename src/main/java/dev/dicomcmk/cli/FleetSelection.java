package dev.dicomcmk.cli;

import dev.dicomcmk.azure.AzureSession;
import dev.dicomcmk.azure.FleetDiscovery;
import dev.dicomcmk.azure.ResourceGraphClient;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The fleet a command's {@link FleetScopeOptions} name: where to look (the subscriptions from
 * GET /subscriptions, a management group, or --subscription) and which services (a resource group,
 * a key), found with one Resource Graph query.
 */
final class FleetSelection {

    private static final Pattern MANAGEMENT_GROUP = Pattern.compile("[-\\w._()]{1,90}");

    private final ResourceGraphClient.Scope scope;
    private final String resourceGroup;
    private final KeyUrl usesKey;
    private final FleetDiscovery discovery;
    private final String keyVaultDnsSuffix;
    private final String managedHsmDnsSuffix;

    private FleetSelection(ResourceGraphClient.Scope scope, String resourceGroup, KeyUrl usesKey, FleetDiscovery discovery,
                           dev.dicomcmk.azure.CloudProfile cloud) {
        this.scope = scope;
        this.resourceGroup = resourceGroup;
        this.usesKey = usesKey;
        this.discovery = discovery;
        this.keyVaultDnsSuffix = cloud.keyVaultDnsSuffix();
        this.managedHsmDnsSuffix = cloud.managedHsmDnsSuffix();
    }

    /** Checks the options (usage errors before any sign-in), then resolves the scope. */
    static FleetSelection of(FleetScopeOptions o, String resourceGroup, AzureContext azure) {
        if (o.allSubscriptions && o.managementGroup != null) {
            throw new InvalidInputException("--all-subscriptions and --management-group both say where to look; keep one");
        }
        if (o.managementGroup != null) {
            checkManagementGroup(o.managementGroup);
        }
        KeyUrl key = o.usesKey == null ? null
                : KeyUrl.parse(o.usesKey, azure.cloud().keyVaultDnsSuffix(), azure.cloud().managedHsmDnsSuffix());
        String subscription = azure.subscriptionOrNull();
        if (!o.allSubscriptions && o.managementGroup == null && subscription == null) {
            throw new InvalidInputException("--uses-key looks in --subscription (or $AZURE_SUBSCRIPTION_ID); name one, "
                    + "or add --all-subscriptions or --management-group NAME");
        }
        AzureSession session = azure.session();
        FleetDiscovery discovery = new FleetDiscovery(session.arm());
        ResourceGraphClient.Scope scope = o.managementGroup != null ? ResourceGraphClient.Scope.managementGroup(o.managementGroup)
                : o.allSubscriptions ? ResourceGraphClient.Scope.of(discovery.subscriptions())
                : ResourceGraphClient.Scope.of(List.of(subscription));
        return new FleetSelection(scope, resourceGroup, key, discovery, azure.cloud());
    }

    /** A management group's name as Azure allows it, else a usage error. */
    static void checkManagementGroup(String name) {
        if (!MANAGEMENT_GROUP.matcher(name).matches()) {
            throw new InvalidInputException("--management-group " + name + " is not a management group name "
                    + "(letters, digits, '-', '_', '.', '(' and ')', at most 90)");
        }
    }

    /** The services, sorted by id (none when the principal can read no subscription). */
    List<FleetDiscovery.Found> services() {
        if (scope.managementGroup() == null && scope.subscriptions().isEmpty()) {
            return List.of();
        }
        return discovery.dicomServices(scope, resourceGroup, usesKey);
    }

    FleetDiscovery discovery() {
        return discovery;
    }

    ResourceGraphClient.Scope scope() {
        return scope;
    }

    /** Where the services were looked for, as a message says it. */
    String describe() {
        return (usesKey == null ? "" : "using " + usesKey.withVersion(null).url() + " ")
                + (resourceGroup == null ? "" : "in resource group " + resourceGroup + " of ") + "in " + scope.describe();
    }

    /** Whether a listed service has a customer-managed key at all. */
    static boolean hasCustomerManagedKey(FleetDiscovery.Found f) {
        String url = dev.dicomcmk.azure.Json.text(f.resource(), "properties", "encryption", "customerManagedKeyEncryption",
                "keyEncryptionKeyUrl");
        return url != null && !url.isBlank();
    }

    /**
     * The selection's services as validate-key checks them: their properties from the query, no read of their own;
     * and their keys' vaults, found in the same scope (one query), each then read once wherever its services are.
     */
    dev.dicomcmk.app.FleetCheck.Listed toCheck() {
        List<dev.dicomcmk.model.ServiceFacts> services = services().stream()
                .map(f -> dev.dicomcmk.azure.DicomServiceReader.parse(f.id(), f.resource())).toList();
        return new dev.dicomcmk.app.FleetCheck.Listed(services,
                vaultsOf(services.stream().map(dev.dicomcmk.model.ServiceFacts::keyUrl).toList()));
    }

    /**
     * Where the vaults these key URLs name are, found in the selection's scope with one query (by
     * {@link FleetDiscovery#vaultKey}): each then read once by its id, wherever its services are.
     */
    java.util.Map<String, String> vaultsOf(List<String> keyUrls) {
        java.util.Set<KeyUrl> keys = new java.util.LinkedHashSet<>();
        for (String url : keyUrls) {
            try {
                if (url != null && !url.isBlank()) {
                    keys.add(KeyUrl.parse(url, keyVaultDnsSuffix, managedHsmDnsSuffix).withVersion(null));
                }
            } catch (RuntimeException unparsable) {
                // the service's own check reports its key URL
            }
        }
        return keys.isEmpty() ? java.util.Map.of() : discovery.vaults(scope, keys);
    }

    /** The keys of the listed services (a dry run's listing carries them; a real run's has only ids): their URLs. */
    static List<String> keyUrls(List<FleetDiscovery.Found> found) {
        return found.stream().map(f -> dev.dicomcmk.azure.Json.text(f.resource(), "properties", "encryption",
                "customerManagedKeyEncryption", "keyEncryptionKeyUrl")).toList();
    }

    /**
     * rotate-key over the selection: its services that have a customer-managed key (a dry run plans from the
     * query's rows; a real run re-reads each service under its lock before writing, Resource Graph lagging ARM),
     * their keys' vaults found once, each row named with its subscription.
     */
    List<dev.dicomcmk.rotation.RotationResult> rotate(dev.dicomcmk.app.RotateKey rotate, boolean dryRun, String selectedBy) {
        List<FleetDiscovery.Found> found = services();
        List<dev.dicomcmk.app.RotationPort.Listed> listed = toRotate(found, dryRun);
        return rotate.fleet(listed, listed.isEmpty() ? java.util.Map.of() : vaultsOf(keyUrls(found)), selectedBy,
                FleetSelection::rowName);
    }

    static java.util.List<dev.dicomcmk.app.RotationPort.Listed> toRotate(List<FleetDiscovery.Found> found, boolean dryRun) {
        return found.stream().filter(FleetSelection::hasCustomerManagedKey)
                .map(f -> new dev.dicomcmk.app.RotationPort.Listed(f.id(), dryRun ? asResource(f) : null)).toList();
    }

    /**
     * A Resource Graph row as the service's resource: its id, name, type (as ARM writes it), location, tags,
     * identity and properties; the row's own columns (subscriptionId, resourceGroup, lower-case type) left out.
     */
    static com.fasterxml.jackson.databind.JsonNode asResource(FleetDiscovery.Found f) {
        var row = f.resource();
        var out = dev.dicomcmk.azure.Json.MAPPER.createObjectNode().put("id", f.id().armId())
                .put("name", f.id().shortName()).put("type", dev.dicomcmk.model.ServiceId.RESOURCE_TYPE);
        for (String field : List.of("location", "tags", "identity", "properties")) {
            if (row.has(field) && !row.get(field).isNull()) {
                out.set(field, row.get(field));
            }
        }
        return out;
    }

    /** "subscription/group/workspace/dicom": a fleet across subscriptions names each row's subscription. */
    static String rowName(dev.dicomcmk.model.ServiceId id) {
        return id.subscriptionId() + "/" + id.resourceGroup() + "/" + id.shortName();
    }
}
