package dev.dicomcmk.azure;

import com.azure.core.http.HttpPipeline;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.resources.ResourceManager;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The typed azure-resourcemanager clients through which the tool writes to ARM (deployments and what-if,
 * role assignments, Key Vault access policies), built on the run's own ARM pipeline: its retry policy, the
 * run's deadline, ARM's challenge and the token host pinning hold for them as for every raw read, as one
 * policy. Reads stay on {@link ArmClient}: loading a manager costs start-up time a read-only command must not
 * pay (docs/architecture.md has the measurements), so the managers are built here on the first write only.
 * Whatever a typed client throws becomes an {@link AzureFailure} in {@link #call}, the one place that maps the
 * SDK's exceptions, so the exit codes are those of the raw calls.
 */
final class TypedArm {

    /** Where a poll that leaves ARM's host was named, for the token policy's refusal. */
    static final Context POLLING = new Context(TokenAudiencePolicy.NAMED_BY,
            "the operation's Azure-AsyncOperation or Location header");

    private final HttpPipeline pipeline;
    private final ArmClient arm;
    private final CloudProfile cloud;
    private final Map<String, ResourceManager> resources = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationManager> authorization = new ConcurrentHashMap<>();
    private final Map<String, KeyVaultManager> keyVault = new ConcurrentHashMap<>();

    TypedArm(HttpPipeline pipeline, ArmClient arm, CloudProfile cloud) {
        this.pipeline = pipeline;
        this.arm = arm;
        this.cloud = cloud;
    }

    /** The resources manager for a subscription (deployments and what-if). */
    ResourceManager resources(String subscriptionId) {
        return resources.computeIfAbsent(subscriptionId.toLowerCase(java.util.Locale.ROOT),
                s -> ResourceManager.authenticate(pipeline, profile(subscriptionId)).withSubscription(subscriptionId));
    }

    /** The authorization manager for a subscription (role assignments, through its roleServiceClient()). */
    AuthorizationManager authorization(String subscriptionId) {
        return authorization.computeIfAbsent(subscriptionId.toLowerCase(java.util.Locale.ROOT),
                s -> AuthorizationManager.authenticate(pipeline, profile(subscriptionId)));
    }

    /** The Key Vault manager for a subscription (access policies, through its serviceClient()). */
    KeyVaultManager keyVault(String subscriptionId) {
        return keyVault.computeIfAbsent(subscriptionId.toLowerCase(java.util.Locale.ROOT),
                s -> KeyVaultManager.authenticate(pipeline, profile(subscriptionId)));
    }

    /** The profile a manager is built with: this cloud's ARM endpoint (the sandbox's on loopback, a sovereign cloud's). */
    AzureProfile profile(String subscriptionId) {
        return new AzureProfile(null, subscriptionId, environment(cloud));
    }

    /** The SDK's description of the cloud: its managers take ARM's endpoint from here. */
    static AzureEnvironment environment(CloudProfile cloud) {
        Map<String, String> endpoints = new java.util.HashMap<>();
        endpoints.put("resourceManagerEndpointUrl", cloud.resourceManagerBase() + "/");
        endpoints.put("managementEndpointUrl", cloud.resourceManagerAudience());
        endpoints.put("activeDirectoryEndpointUrl", cloud.authorityHost().toString());
        endpoints.put("activeDirectoryResourceId", cloud.resourceManagerAudience());
        endpoints.put("keyVaultDnsSuffix", "." + cloud.keyVaultDnsSuffix());
        endpoints.put("managedHsmDnsSuffix", "." + cloud.managedHsmDnsSuffix());
        // the authorization manager builds a Microsoft Graph client it is never asked to use (and could not: the
        // pipeline's token policy lets the ARM token go to ARM's host only); it cannot be built without an endpoint
        endpoints.put("microsoftGraphResourceId", AzureEnvironment.AZURE.getMicrosoftGraphEndpoint());
        return new AzureEnvironment(endpoints);
    }

    /**
     * Runs one call of a typed client: whatever it throws becomes an {@link AzureFailure} here, as the raw calls'
     * failures do (an error status by Azure's code, no answer as a network failure or time-out, an answer the
     * client could not read as UNREADABLE).
     */
    <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (AzureFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw AzureErrors.fromSdkRead(operation, arm.host(), "what was asked for", "the typed ARM client", e);
        }
    }

    /**
     * Starts a long-running operation with a typed client and waits for it as {@link LongRunning} waits for a raw one:
     * progress on every poll, Azure's Retry-After or this cloud's poll interval between polls (the manager's own
     * default of 30 s would hold a sandbox run for nothing), and {@link OperationStillRunning} once --timeout is spent.
     *
     * @return the operation's final result, or null when it has none
     */
    <T> T await(String operation, Supplier<SyncPoller<PollResult<T>, T>> start, LroProgress progress) {
        long deadline = System.nanoTime() + arm.budget().toNanos();
        return call(operation, () -> {
            SyncPoller<PollResult<T>, T> poller = start.get();
            LongRunning.waitFor(poller, operation, arm.pollInterval(), deadline, arm.budget(), progress);
            return poller.getFinalResult();
        });
    }

    /** How long a long-running operation may take (--timeout). */
    Duration budget() {
        return arm.budget();
    }
}
