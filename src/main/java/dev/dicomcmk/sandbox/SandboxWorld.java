package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.sandbox.dicom.KeyAccess;
import dev.dicomcmk.sandbox.http.Response;
import dev.dicomcmk.sandbox.world.DicomService;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The mutable state of the simulated Azure, behind one lock. Request handlers and tests both go
 * through {@link #read} / {@link #update}; every update re-evaluates the DICOM services' key access
 * (so a test that disables a key sees the service break) and is saved when a state dir is in use.
 */
public final class SandboxWorld {

    /** An outage longer than this needs a redeploy after access comes back (DICOM CMK docs). */
    static final long SELF_HEAL_LIMIT_SECONDS = 30 * 60;
    /** How long a service takes to come back by itself after a short outage. */
    static final long SELF_HEAL_DELAY_SECONDS = 5 * 60;

    private final SandboxClock clock;
    private final Runnable saver;
    /** Where the Event Grid events Key Vault would publish go (the sandbox's events.jsonl), oldest first. */
    private final Consumer<List<com.fasterxml.jackson.databind.node.ObjectNode>> events;
    private WorldState state;

    SandboxWorld(WorldState state, SandboxClock clock, Runnable saver) {
        this(state, clock, saver, e -> { });
    }

    SandboxWorld(WorldState state, SandboxClock clock, Runnable saver,
                 Consumer<List<com.fasterxml.jackson.databind.node.ObjectNode>> events) {
        this.state = state;
        this.clock = clock;
        this.saver = saver;
        this.events = events;
        synchronized (this) {
            refreshHealth();
            publishEvents();
        }
    }

    /** Reads the world under the lock. Do not keep references to the state beyond the function. */
    public synchronized <T> T read(Function<WorldState, T> reader) {
        return reader.apply(state);
    }

    /** Changes the world under the lock, then re-evaluates key access and saves. */
    public synchronized void update(Consumer<WorldState> change) {
        change.accept(state);
        changed();
    }

    /**
     * Runs a request handler against the state under the lock. A write that succeeds (status below
     * 400) re-evaluates key access and is saved; a failed one must not have changed anything.
     */
    public synchronized Response handle(Function<WorldState, Response> handler, boolean write) {
        Response r = handler.apply(state);
        if (write && r.status() < 400) {
            changed();
        }
        return r;
    }

    /**
     * Lets Key Vault rotation policies make the versions that fell due by now (called when the clock
     * moves and before every keys request); saved and re-evaluated only when a version was made.
     */
    public synchronized void rotateDueKeys() {
        if (dev.dicomcmk.sandbox.keyvault.AutoRotation.run(state, clock.nowEpochSecond())) {
            changed();
        }
    }

    private void changed() {
        refreshHealth();
        publishEvents();
        saver.run();
    }

    /** Every change may make a version (or bring one near its expiry): Key Vault's events follow from the world. */
    private void publishEvents() {
        List<com.fasterxml.jackson.databind.node.ObjectNode> due = dev.dicomcmk.sandbox.keyvault.EventGridFeed.publishDue(
                state, clock.nowEpochSecond(), SandboxContext.DNS_ZONE);
        if (!due.isEmpty()) {
            events.accept(due);
        }
    }

    synchronized WorldState state() {
        return state;
    }

    public synchronized String scenario() {
        return state.scenario;
    }

    /** The versions of a key in a vault or managed HSM, oldest first. */
    public synchronized List<String> keyVersions(String vaultOrHsm, String key) {
        return findKey(vaultOrHsm, key).versions.stream()
                .sorted(java.util.Comparator.comparingLong((KeyVersion v) -> v.created))
                .map(v -> v.version).toList();
    }

    public synchronized String currentKeyVersion(String vaultOrHsm, String key) {
        return findKey(vaultOrHsm, key).latest().version;
    }

    /** Enables or disables one version of a key (as a portal user would). */
    public synchronized void setKeyEnabled(String vaultOrHsm, String key, String version, boolean enabled) {
        KeyVersion v = findKey(vaultOrHsm, key).version(version)
                .orElseThrow(() -> new IllegalArgumentException("no version " + version + " of " + key));
        v.enabled = enabled;
        v.updated = clock.nowEpochSecond();
        changed();
    }

    /** Removes every ARM role assignment of a principal; returns how many there were. */
    public synchronized int removeRoleAssignments(String principalId) {
        int before = state.roleAssignments.size();
        state.roleAssignments.removeIf(r -> r.principalId.equalsIgnoreCase(principalId));
        changed();
        return before - state.roleAssignments.size();
    }

    public synchronized List<RoleAssignment> roleAssignmentsOf(String principalId) {
        return state.roleAssignments.stream().filter(r -> r.principalId.equalsIgnoreCase(principalId)).toList();
    }

    /** The demo service's keyEncryptionKeyUrl (or any service's, by workspace and name). */
    public synchronized String keyEncryptionKeyUrl(String workspace, String service) {
        return state.dicomServices.stream().filter(d -> d.workspace.equalsIgnoreCase(workspace)
                && d.name.equalsIgnoreCase(service)).findFirst().orElseThrow().keyEncryptionKeyUrl;
    }

    /** Whether a DICOM service can currently use its key (what its DICOM API and Resource Health show). */
    public synchronized boolean serviceAvailable(String workspace, String service) {
        DicomService s = state.dicomServices.stream().filter(d -> d.workspace.equalsIgnoreCase(workspace)
                && d.name.equalsIgnoreCase(service)).findFirst().orElseThrow();
        refreshHealth(s, clock.nowEpochSecond(), p -> state.roleAssignments);
        return s.accessLostAt == null && !s.needsRedeploy;
    }

    /** What an ARM redeploy of the service does to its key access: re-validates it now. */
    public synchronized void redeploy(String workspace, String service) {
        DicomService s = state.dicomServices.stream().filter(d -> d.workspace.equalsIgnoreCase(workspace)
                && d.name.equalsIgnoreCase(service)).findFirst().orElseThrow();
        s.revalidateKeyAccess();
        changed();
    }

    /** The whole world as JSON (what the admin API's GET /state answers). */
    public synchronized JsonNode toJson() {
        return Json.MAPPER.valueToTree(state);
    }

    private Key findKey(String vaultOrHsm, String key) {
        Vault v = state.vaults.stream().filter(x -> x.name.equalsIgnoreCase(vaultOrHsm)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vault or managed HSM " + vaultOrHsm));
        return v.key(key).orElseThrow(() -> new IllegalArgumentException("no key " + key + " in " + vaultOrHsm));
    }

    /** Re-evaluates every service's key access; role assignments are indexed once so fleets stay cheap. */
    synchronized void refreshHealth() {
        Function<String, List<RoleAssignment>> assignmentsOf = assignmentsByPrincipal();
        long now = clock.nowEpochSecond();
        for (DicomService s : state.dicomServices) {
            refreshHealth(s, now, assignmentsOf);
        }
    }

    /**
     * Each principal's role assignments, indexed once (a lookup for many services: a scan of every assignment per
     * service would make a fleet's health query quadratic in its size). Valid until the next write.
     */
    public synchronized Function<String, List<RoleAssignment>> assignmentsByPrincipal() {
        Map<String, List<RoleAssignment>> byPrincipal = new HashMap<>();
        for (RoleAssignment r : state.roleAssignments) {
            byPrincipal.computeIfAbsent(r.principalId.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(r);
        }
        return p -> byPrincipal.getOrDefault(p.toLowerCase(Locale.ROOT), List.of());
    }

    /** Re-evaluates one service (health queries call this: a key may have expired since the last write). */
    synchronized void refreshHealth(DicomService s, long now, Function<String, List<RoleAssignment>> assignmentsOf) {
        Optional<KeyAccess.Problem> p = KeyAccess.evaluate(state, s, now, Scenarios.DNS_ZONE, assignmentsOf);
        if (s.needsRedeploy) {
            p.ifPresent(problem -> s.accessProblem = problem.code() + ": " + problem.message());
            return;
        }
        if (p.isPresent()) {
            if (s.accessLostAt == null || s.accessRestoredAt != null) {
                Long since = p.get().since();
                s.accessLostAt = since != null && since <= now ? since : now;
                s.accessRestoredAt = null;
            }
            s.accessProblem = p.get().code() + ": " + p.get().message();
            return;
        }
        if (s.accessLostAt != null && s.accessRestoredAt == null) {
            if (now - s.accessLostAt > SELF_HEAL_LIMIT_SECONDS) {
                s.needsRedeploy = true;
                s.accessProblem = "RedeployRequired: key access came back after more than 30 minutes without it; "
                        + "the service re-validates its key only when redeployed through ARM.";
            } else {
                s.accessRestoredAt = now;
                s.accessProblem = "Recovering: key access is back; the service recovers within a few minutes.";
            }
        }
        if (s.accessRestoredAt != null && now >= s.accessRestoredAt + SELF_HEAL_DELAY_SECONDS) {
            s.accessLostAt = null;
            s.accessRestoredAt = null;
            s.accessProblem = null;
        }
    }

    /** The key-access health of one service right now (call with the lock held, e.g. inside {@link #handle}). */
    public synchronized Health health(DicomService s) {
        return health(s, p -> state.roleAssignments);
    }

    /** As above, with the role assignments looked up in an index ({@link #assignmentsByPrincipal}) for many services. */
    public synchronized Health health(DicomService s, Function<String, List<RoleAssignment>> assignmentsOf) {
        refreshHealth(s, clock.nowEpochSecond(), assignmentsOf);
        if (s.accessLostAt == null && !s.needsRedeploy) {
            return new Health(true, null, null);
        }
        return new Health(false, s.accessProblem, s.accessLostAt);
    }

    /** Key-access health of a DICOM service: available, or why not and since when (Unix seconds). */
    public record Health(boolean available, String problem, Long since) {
    }
}
