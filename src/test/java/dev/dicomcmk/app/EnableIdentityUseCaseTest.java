package dev.dicomcmk.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dicomcmk.access.OperatorNeed;
import dev.dicomcmk.azure.adapters.PermissionRefused;
import dev.dicomcmk.model.AccessGrant;
import dev.dicomcmk.identity.GrantScope;
import dev.dicomcmk.identity.IdentityPlan;
import dev.dicomcmk.identity.IdentityRequest;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.model.Observed;
import dev.dicomcmk.model.ServiceFacts;
import dev.dicomcmk.model.ServiceId;
import dev.dicomcmk.model.VaultFacts;
import dev.dicomcmk.model.VaultKind;
import dev.dicomcmk.model.CmkFacts;
import dev.dicomcmk.rotation.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * enable-identity's use case over a fake port: the order of its writes (a user-assigned identity is trusted
 * by the key before the service is given it; a system-assigned one is granted once it exists), each write
 * journaled before it is made, and nothing written or journaled by a dry run, a refusal, a declined prompt
 * or a run with nothing to change.
 */
class EnableIdentityUseCaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUB = "00000000-0000-0000-0000-000000000001";
    private static final ServiceId SERVICE = ServiceId.parse("/subscriptions/" + SUB + "/resourceGroups/rg/providers/"
            + "Microsoft.HealthcareApis/workspaces/demo-ws/dicomservices/demo-dicom", null, null);
    private static final String UAMI = "/subscriptions/" + SUB + "/resourceGroups/rg/providers/"
            + "Microsoft.ManagedIdentity/userAssignedIdentities/cmk-uami";
    private static final String KEY = "https://demo-kv.vault.azure.net/keys/k/" + "1".repeat(32);

    @TempDir
    Path dir;

    @Test
    void aUserAssignedIdentityIsTrustedByTheKeyBeforeTheServiceIsGivenIt() throws Exception {
        Fake azure = new Fake(service("None", null, Map.of()));
        String result = useCase(azure, this::journal, q -> { }).run(request(new IdentityRequest(UAMI), false));
        assertNull(result);
        assertEquals(List.of("grant uami-oid", "patch UserAssigned"), azure.writes);
        assertEquals(List.of("grant-key-access:started", "set-identity:started"), azure.journalAtWrites,
                "each write found its start line in the journal first");
        assertEquals(List.of("grant-key-access:started", "grant-key-access:succeeded", "set-identity:started",
                "set-identity:succeeded"), journalLines());
    }

    @Test
    void aSystemAssignedIdentityIsGrantedOnceTheServiceHasIt() throws Exception {
        Fake azure = new Fake(service("None", null, Map.of()));
        useCase(azure, this::journal, q -> { }).run(request(IdentityRequest.systemAssigned(), false));
        assertEquals(List.of("patch SystemAssigned", "grant sys-oid"), azure.writes);
        assertEquals(List.of("set-identity:started", "grant-key-access:started"), azure.journalAtWrites);
        assertTrue(azure.notes.contains("could not check the identities for broader roles than needed: not read"),
                azure.notes.toString());
    }

    @Test
    void aDryRunPlansAndChecksPermissionsButOpensNoJournalAndWritesNothing() {
        Fake azure = new Fake(service("None", null, Map.of()));
        String result = useCase(azure, () -> {
            throw new AssertionError("a dry run opened the journal");
        }, q -> {
            throw new AssertionError("a dry run asked");
        }).run(request(IdentityRequest.systemAssigned(), true));
        assertEquals("dry run: nothing changed", result);
        assertTrue(azure.permissionsChecked);
        assertTrue(azure.writes.isEmpty());
    }

    @Test
    void anIdentityAlreadyOnWithNoGrantAsksNothingAndWritesNothing() throws Exception {
        Fake azure = new Fake(service("SystemAssigned", "sys-oid", Map.of()));
        String result = useCase(azure, this::journal, q -> {
            throw new AssertionError("asked with nothing to change");
        }).run(new EnableIdentity.Request(SERVICE, IdentityRequest.systemAssigned(), false, null, GrantScope.KEY, false,
                "dicom-cmk enable-identity"));
        assertEquals("identity already on: nothing to change", result);
        assertTrue(azure.writes.isEmpty());
        Path journal = dir.resolve("journal.jsonl");
        assertTrue(!Files.exists(journal) || Files.readAllLines(journal).isEmpty(), "no journal line");
    }

    @Test
    void aDeclinedPromptOrARefusedPermissionChangesNothing() throws Exception {
        Fake declined = new Fake(service("None", null, Map.of()));
        class Declined extends RuntimeException {
        }
        assertThrows(Declined.class, () -> useCase(declined, this::journal, q -> {
            throw new Declined();
        }).run(request(new IdentityRequest(UAMI), false)));
        assertTrue(declined.writes.isEmpty());

        Fake refused = new Fake(service("None", null, Map.of()));
        refused.refuse = true;
        assertThrows(PermissionRefused.class, () -> useCase(refused, () -> {
            throw new AssertionError("a refused run opened the journal");
        }, q -> { }).run(request(new IdentityRequest(UAMI), false)));
        assertTrue(refused.writes.isEmpty());
    }

    private EnableIdentity useCase(Fake azure, Supplier<Journal> journal, Consumer<String> confirm) {
        azure.journal = dir.resolve("journal.jsonl");
        return new EnableIdentity(azure, azure, journal, confirm);
    }

    private Journal journal() {
        return new Journal(dir.resolve("journal.jsonl"));
    }

    private static EnableIdentity.Request request(IdentityRequest identity, boolean dryRun) {
        return new EnableIdentity.Request(SERVICE, identity, true, null, GrantScope.KEY, dryRun, "dicom-cmk enable-identity");
    }

    private static ServiceFacts service(String type, String systemPrincipal, Map<String, ServiceFacts.UserAssignedRef> uamis) {
        return new ServiceFacts(SERVICE, "westeurope", "Succeeded", "e1", "https://demo-ws-demo-dicom.dicom.azurehealthcareapis.com",
                type, systemPrincipal, systemPrincipal == null ? null : "tenant", uamis, KEY);
    }

    private List<String> journalLines() throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("journal.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            out.add(n.path("action").asText() + ":" + n.path("outcome").asText());
        }
        return out;
    }

    /** The service, its key's vault and the identities' principals in memory; each write reads the journal first. */
    private static final class Fake implements IdentityPort, ChangeReport {
        ServiceFacts service;
        Path journal;
        boolean refuse;
        boolean permissionsChecked;
        final List<String> writes = new ArrayList<>();
        final List<String> journalAtWrites = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Fake(ServiceFacts service) {
            this.service = service;
        }

        @Override
        public ServiceFacts service(ServiceId id) {
            return service;
        }

        @Override
        public KeyUrl keyUrl(String text) {
            return KeyUrl.parse(text, "vault.azure.net", "managedhsm.azure.net");
        }

        @Override
        public VaultFacts vault(KeyUrl key, String subscriptionId) {
            return new VaultFacts(VaultKind.KEY_VAULT, "/subscriptions/" + SUB + "/resourceGroups/rg/providers/"
                    + "Microsoft.KeyVault/vaults/demo-kv", "demo-kv", "westeurope", "tenant", true, 90, true, true,
                    List.of(), null, null, List.of(), "Enabled", 0);
        }

        @Override
        public String userAssignedPrincipal(String userAssignedId) {
            return "uami-oid";
        }

        @Override
        public boolean alreadyGranted(AccessGrant grant, VaultFacts vault, String principalId) {
            return false;
        }

        @Override
        public boolean grant(AccessGrant grant, KeyUrl key, VaultFacts vault, String principalId, String subscriptionId) {
            wrote("grant " + principalId);
            return true;
        }

        @Override
        public ServiceFacts patchIdentity(ServiceId id, String type, List<String> userAssigned, Consumer<String> progress) {
            wrote("patch " + type);
            boolean system = type.contains("SystemAssigned");
            service = new ServiceFacts(id, service.location(), "Succeeded", "e2", service.serviceUrl(), type,
                    system ? "sys-oid" : null, system ? "tenant" : null, userAssigned.isEmpty() ? Map.of()
                    : Map.of(userAssigned.get(0), new ServiceFacts.UserAssignedRef("uami-oid", "uami-client")), KEY);
            return service;
        }

        @Override
        public CmkFacts facts(ServiceId id, KeyUrl key) {
            return new CmkFacts(now(), Observed.unknown("not read"), Observed.unknown("not read"),
                    Observed.unknown("not read"), false, Observed.unknown("not read"), Observed.unknown("not read"),
                    Observed.unknown("not read"), Observed.unknown("not read"), Observed.unknown("not read"));
        }

        @Override
        public void requirePermissions(String command, List<OperatorNeed> needs, Consumer<String> note) {
            permissionsChecked = true;
            if (refuse) {
                throw new PermissionRefused(command + " refused before any change");
            }
        }

        @Override
        public String operator() {
            return "operator-oid";
        }

        @Override
        public Instant now() {
            return Instant.parse("2026-06-01T00:00:00Z");
        }

        private void wrote(String what) {
            writes.add(what);
            try {
                List<String> all = Files.readAllLines(journal);
                JsonNode last = JSON.readTree(all.get(all.size() - 1));
                journalAtWrites.add(last.path("action").asText() + ":" + last.path("outcome").asText());
            } catch (Exception e) {
                throw new AssertionError("no journal line before a write", e);
            }
        }

        @Override
        public void plan(IdentityPlan plan) {
        }

        @Override
        public void progress(String status) {
        }

        @Override
        public void note(String note) {
            notes.add(note);
        }

        @Override
        public void warning(String warning) {
            notes.add("warning: " + warning);
        }

        @Override
        public void identityChanged(ServiceFacts after) {
        }

        @Override
        public void granted(String target, String principal, AccessGrant grant, boolean created) {
        }
    }
}
