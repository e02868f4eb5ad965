package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.ServiceId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds a fleet's DICOM services with Resource Graph: one query over every subscription (or a management
 * group), the services' whole {@code properties} and {@code identity} in the rows, so the listing needs
 * no read per service; {@code --uses-key} is a condition of the same query (the reverse lookup from a key
 * to its services). Their availability comes from HealthResources in one more query.
 */
public final class FleetDiscovery {

    private static final String DICOM_TYPE = "microsoft.healthcareapis/workspaces/dicomservices";
    private static final String HEALTH_TYPE = "microsoft.resourcehealth/availabilitystatuses";
    private static final Pattern RESOURCE_GROUP = Pattern.compile("[-\\w._()]{1,90}");

    /** A service as Resource Graph lists it: its id and the row (id, location, tags, identity, properties). */
    public record Found(ServiceId id, ObjectNode resource) {
    }

    /** A service's availability as Resource Health reports it. */
    public record Availability(String state, String summary, String since) {
    }

    private final ArmClient arm;
    private final ResourceGraphClient graph;

    public FleetDiscovery(ArmClient arm) {
        this.arm = arm;
        this.graph = new ResourceGraphClient(arm);
    }

    /** Every subscription the signed-in principal can read (GET /subscriptions, every page). */
    public List<String> subscriptions() {
        List<String> out = new ArrayList<>();
        for (JsonNode s : arm.list("/subscriptions", ApiVersions.SUBSCRIPTIONS, "list subscriptions")) {
            String id = Json.text(s, "subscriptionId");
            if (id == null || !ServiceId.isGuid(id)) {
                throw Expected.list("a subscription list").refused("list subscriptions", 200, arm.host(),
                        "a subscription without its subscriptionId");
            }
            out.add(id);
        }
        return out;
    }

    /**
     * The DICOM services in the scope, sorted by id.
     *
     * @param resourceGroup only this group's (any subscription), or null
     * @param usesKey       only those whose key URL names this key (any version), or null
     */
    public List<Found> dicomServices(ResourceGraphClient.Scope scope, String resourceGroup, KeyUrl usesKey) {
        StringBuilder q = new StringBuilder("resources | where type =~ '" + DICOM_TYPE + "'");
        if (resourceGroup != null) {
            if (!RESOURCE_GROUP.matcher(resourceGroup).matches()) {
                throw new InvalidInputException("--resource-group " + resourceGroup + " is not a resource group name "
                        + "(letters, digits, '-', '_', '.', '(' and ')', at most 90)");
            }
            q.append(" | where resourceGroup =~ '").append(resourceGroup).append('\'');
        }
        if (usesKey != null) {
            // the service's URL names the key with or without a version, in any casing of the host
            String key = usesKey.withVersion(null).url().toLowerCase(Locale.ROOT);
            q.append(" | extend kek = tolower(tostring(properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl))")
                    .append(" | where kek == '").append(key).append("' or kek startswith '").append(key).append("/'");
        }
        q.append(" | project id, name, type, location, subscriptionId, resourceGroup, tags, identity, properties | order by id asc");
        List<Found> out = new ArrayList<>();
        for (ObjectNode row : graph.query(q.toString(), scope, r -> DICOM_TYPE.equalsIgnoreCase(Json.text(r, "type")),
                "find DICOM services in " + scope.describe())) {
            ServiceId id = ServiceId.parse(Json.text(row, "id"), null, null);
            if (usesKey != null && !namesKey(Json.text(row, "properties", "encryption", "customerManagedKeyEncryption",
                    "keyEncryptionKeyUrl"), usesKey)) {
                throw Expected.queryResult("services using " + usesKey.withVersion(null).url()).refused(
                        "find DICOM services using a key", 200, arm.host(), "a service on another key: " + id.armId());
            }
            out.add(new Found(id, row));
        }
        out.sort(Comparator.comparing(f -> f.id().armId().toLowerCase(Locale.ROOT)));
        return out;
    }

    /** Vaults looked for per query: the names are the query's text, which Resource Graph caps. */
    private static final int VAULTS_PER_QUERY = 200;
    private static final Pattern VAULT_NAME = Pattern.compile("[A-Za-z0-9-]{1,24}");

    /**
     * Where the keys' vaults and managed HSMs are, wherever in the scope (not only in their services'
     * subscriptions): their ARM ids by {@link #vaultKey}, one query per {@value #VAULTS_PER_QUERY} names. A name
     * is a DNS name, unique across Azure, so the one row of that name and type is the key's vault. One not
     * found (outside the scope, or not readable) is left out: its services look for it as one service would.
     */
    public Map<String, String> vaults(ResourceGraphClient.Scope scope, java.util.Collection<KeyUrl> keys) {
        Map<String, KeyUrl> wanted = new LinkedHashMap<>();
        for (KeyUrl k : keys) {
            if (VAULT_NAME.matcher(k.vaultName()).matches()) {
                wanted.putIfAbsent(vaultKey(k.kind().resourceType(), k.vaultName()), k);
            }
        }
        List<String> names = wanted.values().stream().map(k -> k.vaultName().toLowerCase(Locale.ROOT)).distinct().toList();
        Map<String, String> out = new LinkedHashMap<>();
        for (int from = 0; from < names.size(); from += VAULTS_PER_QUERY) {
            List<String> some = names.subList(from, Math.min(names.size(), from + VAULTS_PER_QUERY));
            String q = "resources | where type in~ ('" + VAULT_TYPES.get(0) + "', '" + VAULT_TYPES.get(1) + "')"
                    + " | where name in~ ('" + String.join("', '", some) + "') | project id, name, type | order by id asc";
            for (ObjectNode row : graph.query(q, scope, r -> VAULT_TYPES.contains(String.valueOf(Json.text(r, "type"))
                    .toLowerCase(Locale.ROOT)), "find the keys' vaults in " + scope.describe())) {
                String id = Json.text(row, "id");
                String name = Json.text(row, "name");
                String key = vaultKey(Json.text(row, "type"), name);
                if (id == null || name == null || !some.contains(name.toLowerCase(Locale.ROOT))
                        || !id.toLowerCase(Locale.ROOT).endsWith("/" + name.toLowerCase(Locale.ROOT))) {
                    throw Expected.queryResult("the keys' vaults").refused("find the keys' vaults", 200, arm.host(),
                            "a row that is not one of the vaults asked for: " + id);
                }
                if (wanted.containsKey(key)) {
                    out.put(key, id);
                }
            }
        }
        return out;
    }

    private static final List<String> VAULT_TYPES = List.of("microsoft.keyvault/vaults", "microsoft.keyvault/managedhsms");

    /** "type/name", lower case: how {@link #vaults} names a vault or managed HSM. */
    public static String vaultKey(String resourceType, String name) {
        return (resourceType + "/" + name).toLowerCase(Locale.ROOT);
    }

    /** Whether a service's key URL names the key (versionless, or any of its versions). */
    static boolean namesKey(String serviceKeyUrl, KeyUrl key) {
        if (serviceKeyUrl == null) {
            return false;
        }
        String k = key.withVersion(null).url().toLowerCase(Locale.ROOT);
        String s = serviceKeyUrl.strip().toLowerCase(Locale.ROOT);
        return s.equals(k) || s.startsWith(k + "/");
    }

    /** Each DICOM service's current availability in the scope, by lower-case service id (HealthResources, one query). */
    public Map<String, Availability> availability(ResourceGraphClient.Scope scope) {
        String q = "healthresources | where type =~ '" + HEALTH_TYPE + "'"
                + " | where properties.targetResourceType =~ '" + DICOM_TYPE + "' | project id, type, properties | order by id asc";
        Map<String, Availability> out = new LinkedHashMap<>();
        for (ObjectNode row : graph.query(q, scope, r -> HEALTH_TYPE.equalsIgnoreCase(Json.text(r, "type")),
                "read the fleet's Resource Health in " + scope.describe())) {
            String target = Json.text(row, "properties", "targetResourceId");
            String state = Json.text(row, "properties", "availabilityState");
            if (target == null || state == null || !Json.text(row, "id").toLowerCase(Locale.ROOT)
                    .startsWith(target.toLowerCase(Locale.ROOT) + "/providers/microsoft.resourcehealth/")) {
                throw Expected.queryResult("the availability of DICOM services").refused("read the fleet's Resource Health",
                        200, arm.host(), "a status without its resource or state: " + Json.text(row, "id"));
            }
            String since = Json.text(row, "properties", "occuredTime");
            out.put(target.toLowerCase(Locale.ROOT), new Availability(state, Json.text(row, "properties", "summary"),
                    since != null ? since : Json.text(row, "properties", "occurredTime")));
        }
        return out;
    }
}
