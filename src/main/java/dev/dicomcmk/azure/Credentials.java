package dev.dicomcmk.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.EnvironmentCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import dev.dicomcmk.model.InvalidInputException;

import java.util.Map;

/**
 * Builds the credential for --auth. Secrets only ever come from the environment or the
 * credential chain, never from the command line. Every credential shares the run's HttpClient,
 * so sign-in traffic obeys the same TLS trust, routing and time-outs as the rest, and its retries draw on
 * the run's --timeout ({@link RunDeadline}).
 */
public final class Credentials {

    private Credentials() {
    }

    public static TokenCredential forMode(AuthMode mode, CloudProfile cloud, String tenantId, Map<String, String> env,
                                          HttpClient httpClient, RunDeadline deadline) {
        String authority = cloud.authorityHost().toString();
        com.azure.core.http.policy.RetryOptions retries = AzureSession.signInRetryOptions(deadline);
        return switch (mode) {
            case DEFAULT -> {
                DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder().authorityHost(authority)
                        .httpClient(httpClient).retryOptions(retries);
                if (tenantId != null) {
                    b.tenantId(tenantId);
                }
                if (!cloud.instanceDiscovery()) {
                    b.disableInstanceDiscovery();
                }
                yield b.build();
            }
            case CLI -> {
                AzureCliCredentialBuilder b = new AzureCliCredentialBuilder();
                if (tenantId != null) {
                    b.tenantId(tenantId);
                }
                yield b.build();
            }
            case ENV -> {
                if (!cloud.instanceDiscovery()) {
                    yield clientSecretFromEnvironment(cloud, tenantId, env, httpClient, deadline);
                }
                yield new EnvironmentCredentialBuilder().authorityHost(authority).httpClient(httpClient)
                        .retryOptions(retries).build();
            }
            case MANAGED_IDENTITY -> {
                ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder().httpClient(httpClient)
                        .retryOptions(retries);
                String clientId = env.get("AZURE_CLIENT_ID");
                if (clientId != null && !clientId.isBlank()) {
                    b.clientId(clientId);
                }
                yield b.build();
            }
            case WORKLOAD_IDENTITY -> {
                WorkloadIdentityCredentialBuilder b = new WorkloadIdentityCredentialBuilder().authorityHost(authority)
                        .httpClient(httpClient).retryOptions(retries);
                if (tenantId != null) {
                    b.tenantId(tenantId);
                }
                if (!cloud.instanceDiscovery()) {
                    b.disableInstanceDiscovery();
                }
                yield b.build();
            }
        };
    }

    /** A service principal with a secret, for authorities that must not be asked about instance discovery. */
    public static TokenCredential clientSecret(CloudProfile cloud, String tenantId, String clientId, String secret,
                                               HttpClient httpClient, RunDeadline deadline) {
        ClientSecretCredentialBuilder b = new ClientSecretCredentialBuilder()
                .authorityHost(cloud.authorityHost().toString())
                .tenantId(tenantId).clientId(clientId).clientSecret(secret)
                .httpClient(httpClient)
                .retryOptions(AzureSession.signInRetryOptions(deadline));
        if (!cloud.instanceDiscovery()) {
            b.disableInstanceDiscovery();
        }
        return b.build();
    }

    private static TokenCredential clientSecretFromEnvironment(CloudProfile cloud, String tenantId,
                                                               Map<String, String> env, HttpClient httpClient,
                                                               RunDeadline deadline) {
        String tenant = tenantId != null ? tenantId : env.get("AZURE_TENANT_ID");
        String clientId = env.get("AZURE_CLIENT_ID");
        String secret = env.get("AZURE_CLIENT_SECRET");
        if (isBlank(tenant) || isBlank(clientId) || isBlank(secret)) {
            throw new InvalidInputException("--auth env needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET "
                    + "in the environment (for the sandbox: source <state-dir>/credentials.env)");
        }
        return clientSecret(cloud, tenant, clientId, secret, httpClient, deadline);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
