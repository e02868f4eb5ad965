package dev.dicomcmk.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.model.InvalidInputException;
import dev.dicomcmk.model.Text;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The built-in clouds and the loader for a cloud profile JSON file (or a directory holding cloud.json). */
public final class CloudProfiles {

    public static final CloudProfile AZURE_CLOUD = new CloudProfile("AzureCloud",
            URI.create("https://management.azure.com/"), "https://management.core.windows.net/",
            URI.create("https://login.microsoftonline.com/"), "vault.azure.net", "managedhsm.azure.net",
            "dicom.azurehealthcareapis.com", true, null, List.of());

    public static final CloudProfile AZURE_CHINA_CLOUD = new CloudProfile("AzureChinaCloud",
            URI.create("https://management.chinacloudapi.cn/"), "https://management.core.chinacloudapi.cn/",
            URI.create("https://login.chinacloudapi.cn/"), "vault.azure.cn", "managedhsm.azure.cn",
            null, true, null, List.of());

    public static final CloudProfile AZURE_US_GOVERNMENT = new CloudProfile("AzureUSGovernment",
            URI.create("https://management.usgovcloudapi.net/"), "https://management.core.usgovcloudapi.net/",
            URI.create("https://login.microsoftonline.us/"), "vault.usgovcloudapi.net", "managedhsm.usgovcloudapi.net",
            "dicom.azurehealthcareapis.us", true, null, List.of());

    private static final Map<String, CloudProfile> BUILT_IN = Map.of(
            "azurecloud", AZURE_CLOUD,
            "azurechinacloud", AZURE_CHINA_CLOUD,
            "azureusgovernment", AZURE_US_GOVERNMENT);

    private static final Set<String> KNOWN_FIELDS = Set.of("name", "resourceManagerEndpoint",
            "resourceManagerAudience", "authorityHost", "keyVaultDnsSuffix", "managedHsmDnsSuffix",
            "dicomDnsSuffix", "instanceDiscovery", "caCertificate", "caCertificateFile", "routes");

    private CloudProfiles() {
    }

    public static List<String> builtInNames() {
        return List.of(AZURE_CLOUD.name(), AZURE_CHINA_CLOUD.name(), AZURE_US_GOVERNMENT.name());
    }

    /**
     * Resolves --cloud: a built-in name (case-insensitive), a profile JSON file, or a directory
     * holding cloud.json (what `dicom-cmk sandbox start` writes).
     */
    public static CloudProfile resolve(String nameOrFile) {
        Path path = profileFile(nameOrFile);
        if (path == null) {
            return nameOrFile == null || nameOrFile.isBlank() ? AZURE_CLOUD : BUILT_IN.get(nameOrFile.toLowerCase(Locale.ROOT));
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException("--cloud: '" + nameOrFile + "' is neither a known cloud ("
                    + String.join(", ", builtInNames()) + ") nor a readable cloud profile file");
        }
        try {
            return parse(new String(dev.dicomcmk.model.InputFiles.readBounded(path), StandardCharsets.UTF_8), path);
        } catch (IOException e) {
            throw new InvalidInputException("--cloud: cannot read " + path + ": " + e.getMessage());
        }
    }

    /** The profile file --cloud names (a directory's cloud.json), or null for a built-in cloud. */
    public static Path profileFile(String nameOrFile) {
        if (nameOrFile == null || nameOrFile.isBlank() || BUILT_IN.containsKey(nameOrFile.toLowerCase(Locale.ROOT))) {
            return null;
        }
        Path path = Path.of(nameOrFile);
        return Files.isDirectory(path) ? path.resolve("cloud.json") : path;
    }

    /** Parses a cloud profile; relative caCertificateFile paths are taken from the profile's folder. */
    public static CloudProfile parse(String json, Path source) {
        String where = source == null ? "cloud profile" : "cloud profile " + source;
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // never the parser's message: it quotes the file's text, which may hold a secret
            throw new InvalidInputException(where + ": " + dev.dicomcmk.model.JsonSyntax.describe(e));
        } catch (IOException e) {
            throw new InvalidInputException(where + " cannot be read: " + Text.shorten(firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(where + " must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!KNOWN_FIELDS.contains(field)) {
                throw new InvalidInputException(where + ": unknown field '" + Text.shorten(field) + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(KNOWN_FIELDS)) + ")");
            }
        }
        String name = text(root, "name", false, where);
        URI arm = httpsUri(root, "resourceManagerEndpoint", where);
        URI authority = httpsUri(root, "authorityHost", where);
        String audience = text(root, "resourceManagerAudience", false, where);
        String kv = dnsSuffix(root, "keyVaultDnsSuffix", true, where);
        String hsm = dnsSuffix(root, "managedHsmDnsSuffix", true, where);
        String dicom = dnsSuffix(root, "dicomDnsSuffix", false, where);
        boolean discovery = root.path("instanceDiscovery").asBoolean(false);
        String ca = text(root, "caCertificate", false, where);
        String caFile = text(root, "caCertificateFile", false, where);
        if (ca == null && caFile != null) {
            Path p = Path.of(caFile);
            if (!p.isAbsolute() && source != null && source.getParent() != null) {
                p = source.getParent().resolve(p);
            }
            try {
                ca = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InvalidInputException(where + ": cannot read caCertificateFile " + p);
            }
        }
        if (ca != null && !ca.contains("-----BEGIN CERTIFICATE-----")) {
            throw new InvalidInputException(where + ": caCertificate must be a PEM certificate");
        }
        List<CloudProfile.Route> routes = new ArrayList<>();
        JsonNode r = root.path("routes");
        if (!r.isMissingNode() && !r.isNull()) {
            if (!r.isArray()) {
                throw new InvalidInputException(where + ": routes must be an array of {suffix, address}");
            }
            for (JsonNode route : r) {
                String suffix = route.path("suffix").asText("");
                String address = route.path("address").asText("");
                if (suffix.isBlank() || !address.matches("(127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|localhost|\\[::1]):\\d{1,5}")
                        || !validPort(address.substring(address.lastIndexOf(':') + 1))) {
                    throw new InvalidInputException(where + ": a route needs a suffix and a loopback address:port (port 1-65535), got "
                            + Text.shorten(route.toString()));
                }
                routes.add(new CloudProfile.Route(suffix, address));
            }
        }
        return new CloudProfile(name == null ? "Custom" : name, arm, audience, authority, kv, hsm, dicom,
                discovery, ca, routes);
    }

    private static String text(JsonNode root, String field, boolean required, String where) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidInputException(where + ": missing field '" + field + "'");
            }
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new InvalidInputException(where + ": field '" + field + "' must be a non-empty string");
        }
        return n.asText();
    }

    private static URI httpsUri(JsonNode root, String field, String where) {
        String value = text(root, field, true, where);
        try {
            URI uri = new URI(value);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidInputException(where + ": " + field + " must be an https:// URL, got '" + Text.shorten(value) + "'");
            }
            return value.endsWith("/") ? uri : new URI(value + "/");
        } catch (URISyntaxException e) {
            throw new InvalidInputException(where + ": " + field + " is not a URL: '" + Text.shorten(value) + "'");
        }
    }

    private static String dnsSuffix(JsonNode root, String field, boolean required, String where) {
        String value = text(root, field, required, where);
        if (value == null) {
            return null;
        }
        String v = value.startsWith(".") ? value.substring(1) : value;
        if (!v.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
            throw new InvalidInputException(where + ": " + field + " is not a DNS suffix: '" + Text.shorten(value) + "'");
        }
        return v.toLowerCase(Locale.ROOT);
    }

    /** A route to port 0 or past 65535 would only fail later, as an internal error, when the first request is routed. */
    private static boolean validPort(String digits) {
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= 65535;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
