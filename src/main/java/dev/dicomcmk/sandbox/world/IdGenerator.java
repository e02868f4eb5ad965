package dev.dicomcmk.sandbox.world;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids: SHA-256 of (seed, counter). Seeded with the scenario name, so the same scenario
 * yields the same key versions and GUIDs on every run; the counter is saved with the world so ids
 * made at run time continue the same sequence after a restart.
 */
public final class IdGenerator {

    public String seed = "";
    public long counter;

    public IdGenerator() {
    }

    public IdGenerator(String seed) {
        this.seed = seed;
    }

    /** 32 lowercase hex characters, the shape of a Key Vault key version. */
    public synchronized String keyVersion() {
        return HexFormat.of().formatHex(next(), 0, 16);
    }

    /** A random-looking version-4 GUID. */
    public synchronized String guid() {
        byte[] b = next();
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        String h = HexFormat.of().formatHex(b, 0, 16);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20, 32);
    }

    private byte[] next() {
        return sha256(seed + "#" + (counter++));
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
