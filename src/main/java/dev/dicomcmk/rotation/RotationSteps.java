package dev.dicomcmk.rotation;

import dev.dicomcmk.model.DeploymentFacts;
import dev.dicomcmk.model.KeyFacts;
import dev.dicomcmk.model.KeyUrl;
import dev.dicomcmk.requirements.Report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a rotation needs from the world, for one service. The CLI implements it over Azure (reads,
 * the shared checker, the shared renderer and deployment); the rotation logic stays free of both.
 */
public interface RotationSteps {

    /** The service as ARM has it now. */
    ServiceSnapshot service();

    /** Parses a key URL of this cloud (exit 2 on a bad one). */
    KeyUrl keyUrl(String text);

    /** The key version the URL names (the newest when it names none), with its sibling versions. */
    KeyFacts key(KeyUrl url);

    /** The shared requirements check of a key for this service, as the deployment will leave it. */
    Report check(KeyUrl target);

    /**
     * A hint, before {@link #key} of {@code current}: that read, (when not null) the check of
     * {@code checkTarget} and (when not null) the what-if of {@code whatIfTarget} may come next, so an
     * implementation may start them now, side by side, and have the check use the same read when it is
     * of the same key. {@link #key}, {@link #check} and {@link #whatIf} answer as they would without it;
     * a call with other arguments asks afresh; what is not asked for is dropped. Reads and previews only:
     * nothing changes.
     */
    default void prefetch(KeyUrl current, KeyUrl checkTarget, KeyUrl whatIfTarget) {
    }

    /**
     * Creates a new version of the key, with the same type, size and operations as {@code like}, tagged
     * with the attempt's id ({@link #ATTEMPT_TAG}): if its answer is lost, a later run proves which version
     * the attempt made.
     */
    KeyUrl createVersionLike(KeyFacts like, String attempt);

    /** The tag a created version carries: the journal's attempt id. */
    String ATTEMPT_TAG = "dicom-cmk-attempt";

    /** The versions of {@code key} tagged with the attempt's id, newest first (none: it made none). */
    List<KeyUrl> versionsMadeBy(KeyUrl key, String attempt);

    /**
     * Whether a write that failed may still have taken effect in Azure: no answer, a lost connection, a
     * server error. Not proven failed: its attempt stays open (pending) for the next run to find out.
     */
    boolean unconfirmed(RuntimeException failure);

    /** The keys the resource group's ARM deployments set on this service, newest first (the deployment history). */
    List<DeployedKey> deployedKeys();

    /** The deterministic name of the deployment that switches the service to the key. */
    String deploymentName(KeyUrl target);

    /** ARM's what-if of that deployment, one line per change. */
    List<String> whatIf(KeyUrl target);

    /**
     * Deploys the switch (Incremental), waits, and verifies the service reports the key and Succeeded.
     *
     * @throws DeploymentStillRunning when the deployment had not ended when --timeout ran out (it goes on in Azure),
     *                                 or its outcome is unconfirmed (Azure may have taken it: its answer was lost)
     */
    ServiceSnapshot deploy(KeyUrl target);

    /**
     * How the deployment of that name ended, waiting while it runs: an earlier attempt's, which that
     * attempt could not see end. Null when there is none.
     *
     * @throws DeploymentStillRunning when it had not ended when --timeout ran out (it goes on in Azure)
     */
    DeploymentFacts deployment(String name);

    /** Resource Health (and the DICOM API with --probe) now. */
    Observation observe();

    /** Azure's clock. */
    Instant now();

    void sleep(Duration d);

    /** Asks the operator before the first change; throws when they decline. */
    void confirm(String question);

    /** Progress for the operator (stderr). */
    void progress(String status);

    /**
     * The current wait told more precisely (the --verify-for countdown): a terminal's status line redraws it, a
     * log shows it at its next heartbeat, not a line per poll.
     */
    default void waiting(String status) {
    }

    /**
     * A named point of the apply (before-deploy, before-verify). The Azure implementation does nothing; a fake of
     * this port may stop or fail the run there to test what the next run makes of it. The tool itself has no test hook.
     */
    void checkpoint(String step);

    /** The signed-in principal's object id, for the journal. */
    String operator();

    /** One line for the journal and the output: what failed and why. */
    String describe(RuntimeException failure);
}
