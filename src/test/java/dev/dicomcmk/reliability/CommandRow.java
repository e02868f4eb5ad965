package dev.dicomcmk.reliability;

import dev.dicomcmk.sandbox.WorldViews;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.cli.CliRunner;
import dev.dicomcmk.sandbox.SandboxIds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One command of the fault matrix: the scenario it runs on, its arguments, the exit code of a
 * clean run, and — for commands that write — the one write request whose long-running operation
 * the LRO faults take over. Adding a command to the matrix is adding one row to {@link #ALL}.
 *
 * @param lro           how the command's write starts a long-running operation, or null for read-only commands
 * @param keyVault      how the command uses the key's data plane
 * @param except        faults this command must end otherwise than the fault's own outcome says, and why
 */
record CommandRow(String name, String scenario, Function<SandboxRun, List<String>> args, int cleanExit, Lro lro,
                  KeyVault keyVault, Truth truth, Map<InjectedFault, Except> except) {

    CommandRow(String name, String scenario, Function<SandboxRun, List<String>> args, int cleanExit, Lro lro,
               KeyVault keyVault, Truth truth) {
        this(name, scenario, args, cleanExit, lro, keyVault, truth, Map.of());
    }

    /** How a command uses Key Vault. */
    enum KeyVault {
        /** never calls it */
        NONE,
        /** calls it, but its result does not depend on it (enable-identity reads the key only to look for broader
         *  roles, which it judges from ARM role assignments) */
        INCIDENTAL,
        /** its result depends on reading the key */
        RESULT
    }

    /** Whether the command's result depends on reading the key (its data plane). */
    boolean readsKeyVault() {
        return keyVault == KeyVault.RESULT;
    }

    /** This command's own outcome for one fault, and why it differs from the others'. */
    record Except(InjectedFault.Outcome outcome, String why) {
    }

    CommandRow except(InjectedFault fault, InjectedFault.Outcome outcome, String why) {
        Map<InjectedFault, Except> all = new java.util.EnumMap<>(InjectedFault.class);
        all.putAll(except);
        all.put(fault, new Except(outcome, why));
        return new CommandRow(name, scenario, args, cleanExit, lro, keyVault, truth, Map.copyOf(all));
    }

    /**
     * For a command that writes: does the world (read back from the sandbox) agree with what the run
     * said it did? Null when it does, else what disagrees.
     */
    interface Truth {
        String problem(SandboxRun sandbox, CliRunner.Result run, InjectedFault fault);
    }

    static final String SERVICE = "demo-ws/demo-dicom";
    static final String SERVICE_PATH = ".*/workspaces/demo-ws/dicomservices/demo-dicom";
    static final String UAMI = "/subscriptions/" + SandboxIds.SUBSCRIPTION_ID
            + "/resourceGroups/demo-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/demo-uami";

    /** The write that starts an LRO: its method and path, and the polling shape Azure answers it with. */
    record Lro(String method, String path, LroShape shape) {
    }

    enum LroShape {
        /** 201/202 + Azure-AsyncOperation, polled for {"status": …} (DICOM PATCH/PUT, deployments) */
        ASYNC_OPERATION,
        /** 202 + Location, polled until 200 with {"status": …} in the body (what-if) */
        LOCATION
    }

    static final List<CommandRow> ALL = List.of(
            new CommandRow("validate-key", "healthy", s -> svc("validate-key"), 0, null, KeyVault.RESULT, null),
            new CommandRow("diagnose", "healthy", s -> svc("diagnose"), 0, null, KeyVault.RESULT, null),
            new CommandRow("enable-identity", "healthy",
                    s -> svc("enable-identity", "--user-assigned", UAMI, "--grant-key-access", "--yes"), 0,
                    new Lro("PATCH", SERVICE_PATH, LroShape.ASYNC_OPERATION), KeyVault.INCIDENTAL, CommandRow::identityTruth),
            new CommandRow("update-via-arm --what-if", "healthy", s -> svc("update-via-arm", "--what-if"), 0,
                    new Lro("POST", ".*/deployments/[^/]+/whatIf", LroShape.LOCATION), KeyVault.NONE, CommandRow::nothingWritten),
            new CommandRow("update-via-arm --deploy", "healthy",
                    s -> svc("update-via-arm", "--deploy", "--yes", "--key-url", olderKey(s)), 0,
                    new Lro("PUT", ".*/providers/Microsoft.Resources/deployments/[^/]+", LroShape.ASYNC_OPERATION), KeyVault.RESULT,
                    CommandRow::keyTruth),
            new CommandRow("rotate-key --new-version", "healthy",
                    s -> svc("rotate-key", "--new-version", "--verify-for", "1s", "--yes"), 0,
                    new Lro("PUT", ".*/providers/Microsoft.Resources/deployments/[^/]+", LroShape.ASYNC_OPERATION), KeyVault.RESULT,
                    CommandRow::rotationTruth)
                    .except(InjectedFault.KEY_VAULT_OTHER_TENANT, InjectedFault.Outcome.AUTH_FAILED,
                            "it must read the key it rotates, so it refuses (`read key … failed (TenantNotAllowed): it accepts "
                                    + "sign-ins of tenant <id> only … — a DICOM service needs its key in a vault of its own tenant (VAULT-SAME-TENANT) …`) "
                                    + "instead of skipping"));

    /** Said "changed"/"granted" exactly when the identity and the role assignment are there. */
    private static String identityTruth(SandboxRun s, CliRunner.Result r, InjectedFault fault) {
        String type = WorldViews.dicomService(s.sandbox, "demo-ws", "demo-dicom").path("identity").path("type").asText();
        boolean changed = type.contains("UserAssigned");
        boolean granted = !s.sandbox.world().roleAssignmentsOf(SandboxIds.DEMO_UAMI_PRINCIPAL_ID).isEmpty();
        boolean saidChanged = r.out().contains("changed: ");
        boolean saidGranted = r.out().contains("granted: ");
        if (changed != saidChanged) {
            return "identity is " + type + " but the output " + (saidChanged ? "says" : "does not say") + " it changed";
        }
        if (granted != saidGranted) {
            return "the role assignment " + (granted ? "exists" : "does not exist") + " but the output "
                    + (saidGranted ? "says" : "does not say") + " it was granted";
        }
        return null;
    }

    /** Said "deployed" exactly when the service moved to the older key; else it is on the key it had. */
    private static String keyTruth(SandboxRun s, CliRunner.Result r, InjectedFault fault) {
        String key = s.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom");
        boolean moved = key.equalsIgnoreCase(olderKey(s));
        boolean saidDeployed = r.out().contains("deployed ");
        if (moved != saidDeployed) {
            return "the service is on " + key + " but the output " + (saidDeployed ? "says" : "does not say") + " it was deployed";
        }
        if (!moved && r.exitCode() != 0 && fault != InjectedFault.OPERATOR_CANNOT_WRITE
                && !r.err().contains("the service now reports key " + key)
                && !r.err().contains("read DICOM service")) {
            return "a failed deployment must say which key the service reports now (" + key + ")";
        }
        return null;
    }

    /**
     * Said "succeeded" exactly when the service moved to a new version of its key; else it is on the
     * key it had (never rotated, or rolled back). The journal says the same: an attempt that started
     * ended as the run says (succeeded to the key the service is on, or failed or rolled back with the
     * service on the key it had). Only a deployment the fault left Running past --timeout is neither:
     * Azure goes on with it and may yet switch the service, so its attempt must end the run as
     * "pending: deployment <name> still Running after …; it goes on in Azure" (a later run records how
     * it ended), and the output must say so, the key the service is on, and how to check and go on.
     */
    private static String rotationTruth(SandboxRun s, CliRunner.Result r, InjectedFault fault) {
        String key = s.sandbox.world().keyEncryptionKeyUrl("demo-ws", "demo-dicom");
        boolean moved = !key.equalsIgnoreCase(s.keyAtStart);
        boolean saidSucceeded = r.out().contains("succeeded: switched to " + key);
        if (moved != saidSucceeded || moved != (r.exitCode() == 0)) {
            return "the service is on " + key + " (it started on " + s.keyAtStart + ") but the run exited " + r.exitCode()
                    + " and " + (saidSucceeded ? "says" : "does not say") + " it switched to it";
        }
        List<JsonNode> journal = s.journal();
        // an attempt journals each write before it makes it (a new version, the switch, a rollback): one attempt, several starts
        List<JsonNode> started = journal.stream().filter(e -> e.path("outcome").asText().equals("started")).toList();
        long attempts = started.stream().map(e -> e.path("attempt").asText()).distinct().count();
        if (attempts > 1) {
            return "one run started " + attempts + " attempts: " + journal;
        }
        if (started.isEmpty()) {
            return moved ? "the service moved to " + key + " with no attempt in the journal" : null;
        }
        String attempt = started.get(0).path("attempt").asText();
        List<JsonNode> ends = journal.stream().filter(e -> e.path("attempt").asText().equals(attempt)
                && !e.path("outcome").asText().equals("started")).toList();
        if (ends.size() != 1) {
            return "the attempt " + attempt + " has " + ends.size() + " end lines in the journal: " + journal;
        }
        String outcome = ends.get(0).path("outcome").asText();
        if (fault.leavesOperationRunning()) {
            String deployment = started.stream().map(e -> e.path("deployment").asText()).filter(d -> !d.isEmpty())
                    .findFirst().orElse("");
            return pendingTruth(r, deployment, outcome, key);
        }
        if (moved) {
            return outcome.equals("succeeded") && ends.get(0).path("newKey").asText().equalsIgnoreCase(key) ? null
                    : "the service moved to " + key + " but the journal says " + ends.get(0);
        }
        if (!(outcome.startsWith("failed: ") || outcome.startsWith("rolled-back: "))
                || !ends.get(0).path("oldKey").asText().equalsIgnoreCase(key)) {
            return "the service is on its old key " + key + " but the journal says " + ends.get(0);
        }
        return (r.out() + r.err()).contains(key) ? null
                : "a rotation that failed after it started must say which key the service is on (" + key + ")";
    }

    /** A deployment still Running past --timeout: its attempt is pending, in the journal and the output alike. */
    private static String pendingTruth(CliRunner.Result r, String deployment, String outcome, String key) {
        String pending = "pending: deployment " + deployment + " still Running after ";
        String goesOn = "; it goes on in Azure";
        if (!outcome.startsWith(pending) || !outcome.endsWith(goesOn)) {
            return "the deployment was still Running when --timeout ran out, so how the attempt ends is not known yet: "
                    + "the journal must say '" + pending + "…" + goesOn + "', not '" + outcome + "'";
        }
        if (!r.out().contains(outcome)) {
            return "the output must say what the journal says ('" + outcome + "')";
        }
        String line = r.err().lines().filter(l -> l.startsWith("dicom-cmk: ")).findFirst().orElse("");
        String check = "az deployment group show --resource-group " + SandboxIds.DEMO_RG + " --name " + deployment;
        if (!line.contains("goes on in Azure") || !line.contains(check) || !line.contains("dicom-cmk rotate-key --new-version "
                + "--service /subscriptions/") || !line.contains("/resourceGroups/" + SandboxIds.DEMO_RG + "/")) {
            return "the error line must say the deployment goes on in Azure, how to check it ('" + check + "') and to run "
                    + "rotate-key again: " + line;
        }
        return (r.out() + r.err()).contains(key) ? null
                : "a pending rotation must say which key the service is on now (" + key + ")";
    }

    /** A what-if never writes: not a deployment, not a service change. */
    private static String nothingWritten(SandboxRun s, CliRunner.Result r, InjectedFault fault) {
        long puts = s.sandbox.requestLog().deploymentPuts().size();
        return puts == 0 ? null : "a what-if deployed " + puts + " time(s)";
    }

    boolean writes() {
        return lro != null && !name.endsWith("--what-if");
    }

    private static List<String> svc(String command, String... more) {
        List<String> all = new ArrayList<>(List.of(command, "--service", SERVICE, "-g", SandboxIds.DEMO_RG));
        all.addAll(List.of(more));
        return all;
    }

    /** The first version of demo-key: a working key that differs from the service's current one. */
    static String olderKey(SandboxRun s) {
        String v1 = s.sandbox.world().keyVersions("demo-kv", "demo-key").get(0);
        return "https://demo-kv.vault.sandbox.test/keys/demo-key/" + v1;
    }

    @Override
    public String toString() {
        return name;
    }
}
