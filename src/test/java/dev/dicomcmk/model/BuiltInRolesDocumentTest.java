package dev.dicomcmk.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.testing.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Holds the one built-in roles data file (read by the tool and, with its own reader, by the sandbox) to
 * the documented definitions in the reference folder ({@link Reference}): the Key Vault role table and the full Crypto Service
 * Encryption User definition (docs/roles-excerpts.md), the Managed HSM local roles (same file), and the
 * control-plane roles of WIRE.md section 10. Skipped, not failed, where that folder is not checked out.
 */
class BuiltInRolesDocumentTest {

    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static JsonNode file;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = BuiltInRoles.class.getResourceAsStream(BuiltInRoles.RESOURCE)) {
            assertNotNull(in, "the roles file is on the classpath");
            file = new ObjectMapper().readTree(in);
        }
    }

    private static String doc(String relative) throws Exception {
        return Files.readString(Reference.file(relative));
    }

    private static JsonNode role(String section, String guid) {
        for (JsonNode r : file.path(section)) {
            if (r.path("id").asText().equalsIgnoreCase(guid)) {
                return r;
            }
        }
        return fail(section + " lacks the documented role " + guid);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void everyKeyVaultRoleOfTheDocumentedTableHasItsGuidAndName() throws Exception {
        String md = doc("docs/roles-excerpts.md");
        Matcher m = Pattern.compile("(?m)^\\| (Key Vault [^|]+?) \\| (" + GUID.pattern() + ") \\|$").matcher(md);
        int rows = 0;
        while (m.find()) {
            rows++;
            String name = m.group(1).replace(" (management plane)", "");
            assertEquals(name, role("azureRoles", m.group(2)).path("roleName").asText(), m.group(0));
        }
        assertEquals(10, rows, "the documented Key Vault role table was read");
    }

    @Test
    void theCryptoServiceEncryptionUserIsTheDocumentedDefinition() throws Exception {
        String md = doc("docs/roles-excerpts.md");
        int start = md.indexOf("```json");
        JsonNode documented = new ObjectMapper().readTree(md.substring(start + 7, md.indexOf("```", start + 7)));
        JsonNode ours = role("azureRoles", documented.path("name").asText());
        assertEquals(documented.path("roleName").asText(), ours.path("roleName").asText());
        assertEquals(documented.path("description").asText(), ours.path("description").asText());
        JsonNode perms = documented.path("permissions").get(0);
        for (String field : List.of("actions", "notActions", "dataActions", "notDataActions")) {
            assertEquals(strings(perms.path(field)), strings(ours.path("permissions").path(field)), field);
        }
    }

    @Test
    void theManagedHsmLocalRolesAreTheDocumentedOnes() throws Exception {
        String md = doc("docs/roles-excerpts.md");
        Matcher m = Pattern.compile("(?m)^\\|(Managed HSM [^|]+)\\|\\s*([^|]+?)\\s*\\|(" + GUID.pattern() + ")\\|$").matcher(md);
        int rows = 0;
        while (m.find()) {
            rows++;
            JsonNode ours = role("managedHsmRoles", m.group(3));
            assertEquals(m.group(1).trim(), ours.path("roleName").asText());
            assertEquals(m.group(2), ours.path("description").asText());
        }
        assertEquals(7, rows, "the documented Managed HSM role table was read");
        assertEquals(List.of("Microsoft.KeyVault/managedHsm/keys/read/action", "Microsoft.KeyVault/managedHsm/keys/wrap/action",
                        "Microsoft.KeyVault/managedHsm/keys/unwrap/action"),
                strings(role("managedHsmRoles", "33413926-3206-4cdd-b39a-83574fe37a17").path("permissions").path("dataActions")),
                "the documented three data actions, and only them");
    }

    /** WIRE.md 10: "Name `guid` (actions `a`, `b`; notActions include `c`, ...)". */
    @Test
    void theControlPlaneRolesHaveTheDocumentedActions() throws Exception {
        String wire = doc("WIRE.md");
        int at = wire.indexOf("**Built-in control-plane roles**");
        assertTrue(at >= 0, "WIRE.md section 10 lists the control-plane roles");
        String para = wire.substring(at, wire.indexOf('\n', at));
        Matcher m = Pattern.compile("([A-Z][A-Za-z ]+?) `(" + GUID.pattern() + ")` \\(actions ([^)]*)\\)").matcher(para);
        int roles = 0;
        while (m.find()) {
            roles++;
            JsonNode ours = role("azureRoles", m.group(2));
            assertEquals(m.group(1).trim(), ours.path("roleName").asText());
            String[] parts = m.group(3).split("notActions include", 2);
            List<String> documentedActions = ticked(parts[0].split(";")[0]);
            List<String> actions = strings(ours.path("permissions").path("actions"));
            assertEquals(documentedActions.size(), actions.size(), m.group(1) + " actions: " + actions);
            documentedActions.forEach(a -> assertTrue(containsAction(actions, a), m.group(1) + " lacks " + a));
            if (parts.length > 1) {
                List<String> notActions = strings(ours.path("permissions").path("notActions"));
                ticked(parts[1]).forEach(a -> assertTrue(containsAction(notActions, a), m.group(1) + " notActions lack " + a));
            }
        }
        assertEquals(5, roles, "Owner, Contributor, Reader, User Access Administrator, RBAC Administrator were read");
    }

    /** What the tool tells an operator who lacks roleAssignments/write, as WIRE.md 10 names it. */
    @Test
    void theRolesGrantingARoleAssignmentAreTheDocumentedThree() throws Exception {
        String wire = doc("WIRE.md");
        Matcher m = Pattern.compile("Role assignment writes need `Microsoft.Authorization/roleAssignments/write` \\(([^)]*)\\)")
                .matcher(wire);
        assertTrue(m.find(), "WIRE.md names the roles that may write role assignments");
        Set<String> documented = new HashSet<>(List.of(m.group(1).split(",\\s*")));
        assertEquals(documented, new HashSet<>(BuiltInRoles.namesGranting("Microsoft.Authorization/roleAssignments/write", false)));
        assertFalse(BuiltInRoles.CONTRIBUTOR.permitsAction("Microsoft.Authorization/roleAssignments/write"),
                "Contributor explicitly lacks it");
    }

    private static List<String> ticked(String text) {
        List<String> out = new ArrayList<>();
        Matcher t = Pattern.compile("`([^`]+)`").matcher(text);
        while (t.find()) {
            out.add(t.group(1));
        }
        return out;
    }

    /** "…/x" in the document abbreviates the namespace of the item before it: matched as a suffix. */
    private static boolean containsAction(List<String> actions, String documented) {
        String d = documented.toLowerCase(Locale.ROOT);
        return actions.stream().map(a -> a.toLowerCase(Locale.ROOT))
                .anyMatch(a -> d.startsWith("…") ? a.endsWith(d.substring(1)) : a.equals(d));
    }
}
