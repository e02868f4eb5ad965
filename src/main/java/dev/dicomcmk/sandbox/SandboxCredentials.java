package dev.dicomcmk.sandbox;

/**
 * What a client needs to sign in to the sandbox as the operator service principal, plus the key of
 * the admin API. The secret and admin key are random per sandbox (kept across restarts with a state dir).
 */
public record SandboxCredentials(String tenantId, String clientId, String clientSecret, String subscriptionId,
                                 String operatorObjectId, String adminKey) {

    @Override
    public String toString() {
        // never print the secrets by accident
        return "SandboxCredentials[tenantId=" + tenantId + ", clientId=" + clientId + ", subscriptionId="
                + subscriptionId + ", operatorObjectId=" + operatorObjectId + "]";
    }
}
