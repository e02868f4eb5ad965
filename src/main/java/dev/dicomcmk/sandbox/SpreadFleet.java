package dev.dicomcmk.sandbox;

import dev.dicomcmk.sandbox.rbac.BuiltInRoles;
import dev.dicomcmk.sandbox.world.DicomService;
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
 * The fleet-N-in-M scenarios: N CMK DICOM services spread round-robin across M subscriptions
 * (fleet-sub-01..M, resource group fleet-rg-JJ in each), beside the home subscription's demo service.
 * Every key lives in the shared vault fleet-kv (home subscription) and serves three consecutive
 * services (fleet-key-KKKK for services 3K-2..3K: the same key in three subscriptions); each key has
 * two versions and every fourth service is still on the older one. With M of 3 or more the last
 * subscription belongs to another tenant (its services never show), with M of 4 or more the one before
 * it is in the home tenant but the operator holds no role there (invisible to it). Management group
 * fleet-mg holds every home-tenant fleet subscription.
 */
public final class SpreadFleet {

    static final int MAX_SERVICES = 10_000;
    static final int MAX_SUBSCRIPTIONS = 500;
    static final String MANAGEMENT_GROUP = "fleet-mg";
    private static final Pattern NAME = Pattern.compile("fleet-(\\d{1,5})-in-(\\d{1,3})");
    private static final long DAY = FleetSeeding.DAY;
    private static final int PER_KEY = 3;
    private static final int PER_WORKSPACE = 20;

    private SpreadFleet() {
    }

    /** {N, M} of a fleet-N-in-M name within the limits, or null. */
    static int[] size(String name) {
        Matcher m = NAME.matcher(name == null ? "" : name);
        if (!m.matches()) {
            return null;
        }
        int n = Integer.parseInt(m.group(1));
        int subs = Integer.parseInt(m.group(2));
        return n >= 1 && n <= MAX_SERVICES && subs >= 1 && subs <= MAX_SUBSCRIPTIONS ? new int[] {n, subs} : null;
    }

    public static String subscriptionId(int j) {
        return UUID.nameUUIDFromBytes(("dicom-cmk-sandbox/fleet-sub-" + j).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** 1-based index of the subscription in another tenant, or 0 when the fleet has none. */
    static int otherTenantSubscription(int m) {
        return m >= 3 ? m : 0;
    }

    /** 1-based index of the home-tenant subscription the operator holds no role in, or 0. */
    static int unreadableSubscription(int m) {
        return m >= 4 ? m - 1 : 0;
    }

    static void seed(WorldState w, long now, int n, int m) {
        Vault kv = FleetSeeding.vault(w, now, SandboxIds.FLEET_VAULT);
        List<String> group = new ArrayList<>();
        for (int j = 1; j <= m; j++) {
            String sub = subscriptionId(j);
            boolean foreign = j == otherTenantSubscription(m);
            w.subscriptions.add(new Subscription(sub, String.format("Fleet Subscription %02d", j),
                    foreign ? SandboxIds.OTHER_TENANT_ID : w.tenantId));
            ResourceGroup rg = new ResourceGroup(rgName(j), SandboxIds.LOCATION);
            rg.subscriptionId = sub;
            w.resourceGroups.add(rg);
            if (!foreign) {
                group.add(sub);
            }
            if (!foreign && j != unreadableSubscription(m)) {
                w.roleAssignments.add(new RoleAssignment(FleetSeeding.fixedGuid("fleet-owner-" + j), "/subscriptions/" + sub,
                        BuiltInRoles.OWNER, SandboxIds.OPERATOR_OBJECT_ID, now - 500 * DAY));
            }
        }
        w.managementGroups.put(MANAGEMENT_GROUP, group);
        int[] inSubscription = new int[m + 1];
        Key key = null;
        for (int i = 1; i <= n; i++) {
            int j = (i - 1) % m + 1;
            int k = (i - 1) / PER_KEY + 1;
            if ((i - 1) % PER_KEY == 0) {
                long created = now - (60 + (k * 37L) % 300) * DAY;
                key = new Key(String.format("fleet-key-%04d", k));
                key.versions.add(FleetSeeding.version(w, created - 90 * DAY));
                key.versions.add(FleetSeeding.version(w, created));
                kv.keys.add(key);
            }
            int slot = inSubscription[j]++;
            String ws = String.format("fleet-ws-%02d", slot / PER_WORKSPACE + 1);
            if (slot % PER_WORKSPACE == 0) {
                w.workspaces.add(new Workspace(ws, rgName(j), SandboxIds.LOCATION, now - 450 * DAY));
            }
            KeyVersion pinned = i % 4 == 0 ? key.versions.get(0) : key.latest();
            DicomService s = FleetSeeding.service(w, kv, key, pinned, rgName(j), ws, String.format("dicom-%04d", i));
            s.tags.put("fleet", "true");
        }
    }

    static String rgName(int j) {
        return String.format("fleet-rg-%02d", j);
    }


}
