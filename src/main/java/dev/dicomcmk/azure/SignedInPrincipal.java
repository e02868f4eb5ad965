package dev.dicomcmk.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Who is signed in: the object id (oid claim) of the ARM access token the run already uses. The
 * token's payload is decoded without verifying it (ARM verifies it; we only label the journal with
 * it) and the token itself is never kept, logged or printed.
 */
public final class SignedInPrincipal {

    private SignedInPrincipal() {
    }

    /** The oid claim, or "unknown" when the token carries none (the journal still gets written). */
    public static String objectId(AzureSession session) {
        AccessToken token;
        try {
            token = session.credential().getTokenSync(
                    new TokenRequestContext().addScopes(session.cloud().resourceManagerScope()));
        } catch (RuntimeException e) {
            throw AzureErrors.fromThrowable("sign in to read the operator's object id", e);
        }
        return oid(token.getToken());
    }

    static String oid(String jwt) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
        if (parts.length < 2) {
            return "unknown";
        }
        try {
            JsonNode payload = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            String oid = Json.text(payload, "oid");
            return oid == null || oid.isBlank() ? "unknown" : oid;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return "unknown";
        }
    }
}
