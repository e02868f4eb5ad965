package dev.dicomcmk.sandbox;

import dev.dicomcmk.sandbox.rbac.BuiltInRoles;
import dev.dicomcmk.sandbox.world.Key;
import dev.dicomcmk.sandbox.world.KeyVersion;
import dev.dicomcmk.sandbox.world.ResourceGroup;
import dev.dicomcmk.sandbox.world.RoleAssignment;
import dev.dicomcmk.sandbox.world.Subscription;
import dev.dicomcmk.sandbox.world.Vault;
import dev.dicomcmk.sandbox.world.WorldState;
import dev.dicomcmk.sandbox.world.Workspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared-key-N scenarios: N CMK DICOM services that all use one key, shared-key in vault shared-kv (home
 * subscription), spread round-robin over four subscriptions (Shared Subscription 01..04, resource group
 * shared-rg-JJ in each, workspaces of 20), beside the home subscription's demo service. The key has three
 * versions: odd services are on the oldest, even ones on the second, and the newest (made a day before the
 * clock start) is used by none, so a --to-latest rotation has every service to move. One more service per
 * subscription (decoy-JJ) uses another key in the same vault, which a selection by key must leave out.
 * The operator owns every subscription; each service's identity holds Crypto Service Encryption User on the key.
 */
public final class SharedKeyFleet {

    static final int MAX_SERVICES = 2000;
    static final int SUBSCRIPTIONS = 4;
    public static final String VAULT = "shared-kv";
    public static final String KEY = "shared-key";
    public static final String DECOY_KEY = "decoy-key";
    private static final Pattern NAME = Pattern.compile("shared-key-(\\d{1,4})");
    private static final long DAY = FleetSeeding.DAY;
    private static final int PER_WORKSPACE = 20;

    private SharedKeyFleet() {
    }

    /** N of a shared-key-N name within the limits, or 0. */
    static int size(String name) {
        Matcher m = NAME.matcher(name == null ? "" : name);
        if (!m.matches()) {
            return 0;
        }
        int n = Integer.parseInt(m.group(1));
        return n >= 1 && n <= MAX_SERVICES ? n : 0;
    }

    public static String subscriptionId(int j) {
        return UUID.nameUUIDFromBytes(("dicom-cmk-sandbox/shared-sub-" + j).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String rgName(int j) {
        return String.format("shared-rg-%02d", j);
    }

    static void seed(WorldState w, long now, int n) {
        Vault kv = FleetSeeding.vault(w, now, VAULT);
        Key key = new Key(KEY);
        key.versions.add(FleetSeeding.version(w, now - 400 * DAY));
        key.versions.add(FleetSeeding.version(w, now - 200 * DAY));
        key.versions.add(FleetSeeding.version(w, now - DAY));
        kv.keys.add(key);
        Key decoy = new Key(DECOY_KEY);
        decoy.versions.add(FleetSeeding.version(w, now - 300 * DAY));
        kv.keys.add(decoy);

        List<String> group = new ArrayList<>();
        for (int j = 1; j <= SUBSCRIPTIONS; j++) {
            String sub = subscriptionId(j);
            w.subscriptions.add(new Subscription(sub, String.format("Shared Subscription %02d", j), w.tenantId));
            ResourceGroup rg = new ResourceGroup(rgName(j), SandboxIds.LOCATION);
            rg.subscriptionId = sub;
            w.resourceGroups.add(rg);
            group.add(sub);
            w.roleAssignments.add(new RoleAssignment(FleetSeeding.fixedGuid("shared-owner-" + j), "/subscriptions/" + sub,
                    BuiltInRoles.OWNER, SandboxIds.OPERATOR_OBJECT_ID, now - 500 * DAY));
        }
        w.managementGroups.put("shared-mg", group);

        int[] inSubscription = new int[SUBSCRIPTIONS + 1];
        for (int i = 1; i <= n; i++) {
            int j = (i - 1) % SUBSCRIPTIONS + 1;
            KeyVersion pinned = key.versions.get(i % 2 == 1 ? 0 : 1);
            FleetSeeding.service(w, kv, key, pinned, rgName(j), workspace(w, now, j, inSubscription[j]++),
                    String.format("dicom-%04d", i));
        }
        for (int j = 1; j <= SUBSCRIPTIONS; j++) {
            FleetSeeding.service(w, kv, decoy, decoy.latest(), rgName(j), workspace(w, now, j, inSubscription[j]++),
                    String.format("decoy-%02d", j));
        }
    }

    /** The workspace of the slot-th service (0-based) in subscription j, made with its first service. */
    private static String workspace(WorldState w, long now, int j, int slot) {
        String ws = String.format("shared-ws-%02d-%02d", j, slot / PER_WORKSPACE + 1);
        if (slot % PER_WORKSPACE == 0) {
            w.workspaces.add(new Workspace(ws, rgName(j), SandboxIds.LOCATION, now - 450 * DAY));
        }
        return ws;
    }


}
