package dev.dicomcmk.sandbox.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dicomcmk.sandbox.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks the sandbox's access tokens: JWT-shaped (header.payload.signature), HMAC-SHA256
 * with a key private to this sandbox, so only tokens from its own token endpoint are accepted.
 */
public final class TokenIssuer {

    public static final int LIFETIME_SECONDS = 3599;

    /** The claims every endpoint checks. aud is kept exactly as issued. */
    public record Claims(String aud, String iss, String tid, String oid, String appid, long iat, long nbf, long exp) {
    }

    /** Why a token was refused: not ours / malformed, or past its exp. */
    public static final class InvalidToken extends Exception {
        private final boolean expired;

        InvalidToken(String message, boolean expired) {
            super(message);
            this.expired = expired;
        }

        public boolean expired() {
            return expired;
        }
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;
    private final String loginHost;
    /** signatures of tokens expired before their exp (a fault: the token outlived its lifetime mid-run) */
    private final Set<String> expiredEarly = ConcurrentHashMap.newKeySet();

    public TokenIssuer(byte[] key, String loginHost) {
        this.key = key.clone();
        this.loginHost = loginHost;
    }

    public String issue(String tenant, String audience, String oid, String appid, long now) {
        ObjectNode header = Json.obj().put("typ", "JWT").put("alg", "HS256").put("kid", "sandbox");
        ObjectNode claims = Json.obj()
                .put("aud", audience)
                .put("iss", "https://" + loginHost + "/" + tenant + "/v2.0")
                .put("iat", now).put("nbf", now).put("exp", now + LIFETIME_SECONDS)
                .put("appid", appid).put("azp", appid).put("idtyp", "app")
                .put("oid", oid).put("sub", oid).put("tid", tenant)
                .put("uti", UUID.randomUUID().toString().replace("-", "")).put("ver", "2.0");
        String signingInput = B64.encodeToString(Json.bytes(header)) + "." + B64.encodeToString(Json.bytes(claims));
        return signingInput + "." + B64.encodeToString(hmac(signingInput));
    }

    /** From now on {@link #verify} refuses this token as expired, whatever its exp says. */
    public void expire(String token) {
        String[] parts = token == null ? new String[0] : token.trim().split("\\.");
        if (parts.length == 3) {
            expiredEarly.add(parts[2]);
        }
    }

    /** Checks signature, shape and expiry (against the sandbox clock); audience and tenant are the caller's to check. */
    public Claims verify(String token, long now) throws InvalidToken {
        String[] parts = token == null ? new String[0] : token.trim().split("\\.");
        if (parts.length != 3) {
            throw new InvalidToken("The access token is not a JWT.", false);
        }
        byte[] sig;
        JsonNode c;
        try {
            sig = B64D.decode(parts[2]);
            c = Json.MAPPER.readTree(B64D.decode(parts[1]));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new InvalidToken("The access token is malformed.", false);
        }
        if (!MessageDigest.isEqual(sig, hmac(parts[0] + "." + parts[1]))) {
            throw new InvalidToken("The access token signature is invalid (not issued by this sandbox).", false);
        }
        Claims claims = new Claims(c.path("aud").asText(), c.path("iss").asText(), c.path("tid").asText(),
                c.path("oid").asText(), c.path("appid").asText(), c.path("iat").asLong(), c.path("nbf").asLong(),
                c.path("exp").asLong());
        if (claims.exp() <= now || expiredEarly.contains(parts[2])) {
            throw new InvalidToken("The token is expired.", true);
        }
        if (claims.nbf() > now + 300) {
            throw new InvalidToken("The token is not valid yet.", false);
        }
        return claims;
    }

    /** Audiences compared the way Azure's resources accept them: case-insensitive, trailing slashes ignored. */
    public static boolean sameAudience(String a, String b) {
        return normalizeAudience(a).equals(normalizeAudience(b));
    }

    public static String normalizeAudience(String a) {
        String s = a == null ? "" : a.trim().toLowerCase(Locale.ROOT);
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
