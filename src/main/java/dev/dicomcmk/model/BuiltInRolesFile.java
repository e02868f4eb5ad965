package dev.dicomcmk.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads built-in-roles.json (a resource of the jar): a missing or torn file is a build error, said loudly. */
final class BuiltInRolesFile {

    private BuiltInRolesFile() {
    }

    static JsonNode read() {
        try (InputStream in = BuiltInRoles.class.getResourceAsStream(BuiltInRoles.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + BuiltInRoles.RESOURCE);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BuiltInRoles.RESOURCE, e);
        }
    }

    static RoleDefinition role(JsonNode r) {
        JsonNode p = r.path("permissions");
        return new RoleDefinition(r.path("id").asText(), r.path("roleName").asText(), strings(p.path("actions")),
                strings(p.path("notActions")), strings(p.path("dataActions")), strings(p.path("notDataActions")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
