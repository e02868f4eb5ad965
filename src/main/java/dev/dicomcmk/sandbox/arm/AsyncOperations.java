package dev.dicomcmk.sandbox.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;
import dev.dicomcmk.sandbox.world.AsyncOperation;
import dev.dicomcmk.sandbox.world.Deployment;
import dev.dicomcmk.sandbox.world.WorldState;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The long-running operations of ARM writes: started by a write, answered "Running" on the first
 * poll (the recordings show at least one), finished by the next poll or, for clients that never
 * poll, once {@link #DUE_SECONDS} of sandbox time passed. Finishing a DICOM PUT is what turns the
 * service's provisioningState to Succeeded and gives it its final etag.
 */
final class AsyncOperations {

    static final int RUNNING_POLLS = 1;
    static final long DUE_SECONDS = 30;
    /** Finished operations are forgotten after a day (ARM keeps operation results for a limited time too). */
    private static final long KEEP_SECONDS = 86_400;

    private AsyncOperations() {
    }

    static AsyncOperation start(WorldState w, String kind, String id, String target, String location, long now) {
        AsyncOperation op = new AsyncOperation();
        op.id = id;
        op.kind = kind;
        op.target = target;
        op.location = location;
        op.startTime = now;
        op.dueAt = now + DUE_SECONDS;
        op.runningPollsLeft = RUNNING_POLLS;
        w.operations.removeIf(o -> o.done() && o.startTime + KEEP_SECONDS < now);
        w.operations.add(op);
        return op;
    }

    /** A HealthcareApis operation result id: 25 lower-case letters and digits, like the recorded ones. */
    static String healthcareOperationId(WorldState w) {
        String hex = w.ids.guid().replace("-", "") + w.ids.guid().replace("-", "");
        String base36 = new java.math.BigInteger(hex, 16).toString(36);
        return base36.substring(0, 25);
    }

    /** A deployment operationStatuses id: 20 digits starting 0858…, like the recorded ones. */
    static String deploymentOperationId(WorldState w) {
        String digits = new java.math.BigInteger(w.ids.guid().replace("-", ""), 16).toString();
        return ("0858" + digits).substring(0, 20);
    }

    /** A what-if operation result id: base64url of the job description, as ARM's opaque ids are. */
    static String whatIfOperationId(WorldState w, String resourceGroup, String deployment) {
        String job = "{\"jobId\":\"DeploymentWhatIfJob-" + resourceGroup.toUpperCase(java.util.Locale.ROOT) + "-"
                + deployment.toUpperCase(java.util.Locale.ROOT) + "-" + w.ids.guid().toUpperCase(java.util.Locale.ROOT)
                + "\",\"jobLocation\":\"" + w.location + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(job.getBytes(StandardCharsets.UTF_8));
    }

    /** One poll: Running while polls are left and the operation is not due, else its final status. */
    static void poll(WorldState w, AsyncOperation op, long now) {
        if (op.done()) {
            return;
        }
        if (op.runningPollsLeft > 0 && now < op.dueAt) {
            op.runningPollsLeft--;
            return;
        }
        finish(w, op, now);
    }

    /** Finishes every operation whose time is up (called before each ARM request is answered). */
    static void settleDue(WorldState w, long now) {
        for (AsyncOperation op : w.operations) {
            if (!op.done() && now >= op.dueAt) {
                finish(w, op, now);
            }
        }
    }

    /** Finishes an unfinished operation on a resource now (a new write to it supersedes the old one). */
    static void settleFor(WorldState w, String target, long now) {
        for (AsyncOperation op : w.operations) {
            if (!op.done() && op.target.equalsIgnoreCase(target)) {
                finish(w, op, now);
            }
        }
    }

    private static void finish(WorldState w, AsyncOperation op, long now) {
        op.finalStatus = op.outcome;
        switch (op.kind) {
            case AsyncOperation.DICOM_PUT -> w.dicomServices.stream()
                    .filter(s -> s.id(w.subscriptionOf(s.resourceGroup)).equalsIgnoreCase(op.target)).findFirst()
                    .ifPresent(s -> {
                        s.provisioningState = "Succeeded";
                        s.etag = DicomServiceWrites.newEtag(w);
                        s.lastModifiedAt = now;
                    });
            case AsyncOperation.DEPLOYMENT -> w.deployments.stream()
                    .filter(d -> d.id(w.subscriptionOf(d.resourceGroup)).equalsIgnoreCase(op.target)).findFirst()
                    .ifPresent(d -> finishDeployment(d, op, now));
            default -> {
                // a what-if's result is computed when it is requested; nothing changes when it is fetched
            }
        }
    }

    private static void finishDeployment(Deployment d, AsyncOperation op, long now) {
        d.provisioningState = op.outcome;
        d.timestamp = now;
    }

    /** HealthcareApis operationresults body (OperationResultsGet.json, recorded Running/Succeeded bodies). */
    static ObjectNode healthcareStatus(WorldState w, AsyncOperation op) {
        ObjectNode o = Json.obj().put("id", "/subscriptions/" + w.subscriptionId + "/providers/Microsoft.HealthcareApis/locations/"
                + op.location + "/operationresults/" + op.id).put("name", op.id)
                .put("status", op.done() ? op.finalStatus : "Running").put("startTime", ArmJson.isoFraction(op.startTime));
        if (op.done() && op.error != null) {
            o.set("error", op.error);
        }
        return o;
    }

    /** Deployment operationStatuses body: {"status":…} plus the DeploymentFailed error when it failed. */
    static ObjectNode deploymentStatus(AsyncOperation op) {
        ObjectNode o = Json.obj().put("status", op.done() ? op.finalStatus : "Running");
        if (op.done() && op.error != null) {
            o.set("error", op.error);
        }
        return o;
    }
}
