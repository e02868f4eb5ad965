package dev.dicomcmk.sandbox.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sandbox's own reader of the built-in roles data file the tool reads too: the data is shared (it is
 * Azure's published table), the reading is not, so a reader bug on one side cannot hide on the other.
 */
final class RolesFile {

    static final String RESOURCE = "/dev/dicomcmk/model/built-in-roles.json";

    private RolesFile() {
    }

    /** The roles of one section ("azureRoles", "managedHsmRoles") by lower-case GUID, in file order. */
    static Map<String, RoleDefinition> read(String section) {
        JsonNode root;
        try (InputStream in = RolesFile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the sandbox's classpath lacks " + RESOURCE);
            }
            root = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, RoleDefinition> roles = new LinkedHashMap<>();
        for (JsonNode r : root.path(section)) {
            JsonNode p = r.path("permissions");
            String guid = r.path("id").asText().toLowerCase(Locale.ROOT);
            roles.put(guid, new RoleDefinition(guid, r.path("roleName").asText(), r.path("description").asText(),
                    list(p, "actions"), list(p, "notActions"), list(p, "dataActions"), list(p, "notDataActions")));
        }
        if (roles.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " has no " + section);
        }
        return Collections.unmodifiableMap(roles);
    }

    private static List<String> list(JsonNode p, String field) {
        List<String> out = new ArrayList<>();
        p.path(field).forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
