package dev.dicomcmk.sandbox.rbac;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One role table, two readers: the tool's (model.BuiltInRoles) and the sandbox's own (RolesFile). Both read
 * built-in-roles.json; a reader that drops a role or a list on one side shows here, on every build (the
 * table itself is held to the documented definitions by BuiltInRolesDocumentTest where those are checked out).
 */
class RoleReadersAgreeTest {

    @Test
    void bothReadersSeeTheSameAzureRolesWithTheSameActions() {
        Map<String, dev.dicomcmk.model.RoleDefinition> tool = dev.dicomcmk.model.BuiltInRoles.azureRoles().stream()
                .collect(Collectors.toMap(dev.dicomcmk.model.RoleDefinition::guid, Function.identity()));
        List<RoleDefinition> sandbox = BuiltInRoles.all();
        assertEquals(tool.keySet(), sandbox.stream().map(RoleDefinition::guid).collect(Collectors.toSet()));
        assertTrue(sandbox.size() >= 15, "the Key Vault roles and the five control-plane roles: " + sandbox.size());
        for (RoleDefinition s : sandbox) {
            dev.dicomcmk.model.RoleDefinition t = tool.get(s.guid());
            assertEquals(t.name(), s.roleName(), s.guid());
            assertEquals(t.actions(), s.actions(), s.roleName());
            assertEquals(t.notActions(), s.notActions(), s.roleName());
            assertEquals(t.dataActions(), s.dataActions(), s.roleName());
            assertEquals(t.notDataActions(), s.notDataActions(), s.roleName());
        }
    }

    @Test
    void bothReadersSeeTheSameManagedHsmLocalRoles() {
        Map<String, RoleDefinition> sandbox = RolesFile.read("managedHsmRoles");
        assertEquals(7, sandbox.size(), "the seven documented Managed HSM local roles");
        for (RoleDefinition s : sandbox.values()) {
            dev.dicomcmk.model.RoleDefinition t = dev.dicomcmk.model.BuiltInRoles.byGuid(s.guid()).orElseThrow();
            assertEquals(t.name(), s.roleName());
            assertEquals(t.dataActions(), s.dataActions(), s.roleName());
        }
    }
}
