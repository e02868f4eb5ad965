package dev.dicomcmk.sandbox.keyvault;

import dev.dicomcmk.sandbox.world.KeyVersion;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Public key material derived from a key's identifier rather than generated: an RSA "modulus" of
 * exactly the key size with the top bit set, or EC coordinates of the curve's size. Not a real key
 * (nobody can encrypt to it), but the right shape and deterministic, and free to produce for fleets of
 * hundreds of keys. Wrap/unwrap are simulated honestly: unwrap only accepts what the same key
 * version wrapped.
 */
public final class KeyMaterial {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] MAGIC = "SBXW".getBytes(StandardCharsets.US_ASCII);

    private KeyMaterial() {
    }

    public static String modulus(String kid, int bits) {
        byte[] n = expand("n|" + kid, bits / 8);
        n[0] |= (byte) 0x80;
        n[n.length - 1] |= 0x01;
        return B64URL.encodeToString(n);
    }

    public static String exponent() {
        return "AQAB";
    }

    public static String coordinate(String kid, String axis, String crv) {
        return B64URL.encodeToString(expand(axis + "|" + kid, curveBytes(crv)));
    }

    static int curveBytes(String crv) {
        return switch (crv == null ? "P-256" : crv) {
            case "P-384" -> 48;
            case "P-521" -> 66;
            default -> 32;
        };
    }

    /** The wrapped form of a key: magic, a tag binding it to the kid, length, data XOR keystream, padded to the modulus size. */
    public static byte[] wrap(String kid, KeyVersion k, byte[] plain) {
        int size = k.keySize == null ? 256 : k.keySize / 8;
        if (plain.length > size - 24) {
            throw new IllegalArgumentException("value too long for a " + (size * 8) + "-bit key");
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MAGIC).put(tag(kid)).putShort((short) plain.length);
        out.put(xor(plain, expand("ks|" + kid, plain.length)));
        byte[] pad = expand("pad|" + kid + "|" + Arrays.hashCode(plain), out.remaining());
        out.put(pad);
        return out.array();
    }

    /** The original value, or empty if this key version did not wrap these bytes. */
    public static Optional<byte[]> unwrap(String kid, byte[] wrapped) {
        if (wrapped.length < 22 || !Arrays.equals(Arrays.copyOf(wrapped, 4), MAGIC)) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(wrapped);
        byte[] magic = new byte[4];
        byte[] tag = new byte[16];
        in.get(magic).get(tag);
        if (!MessageDigest.isEqual(tag, tag(kid))) {
            return Optional.empty();
        }
        int len = in.getShort();
        if (len < 0 || len > in.remaining()) {
            return Optional.empty();
        }
        byte[] data = new byte[len];
        in.get(data);
        return Optional.of(xor(data, expand("ks|" + kid, len)));
    }

    private static byte[] tag(String kid) {
        return Arrays.copyOf(sha256(("tag|" + kid).getBytes(StandardCharsets.UTF_8)), 16);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] o = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = (byte) (a[i] ^ b[i]);
        }
        return o;
    }

    /** SHA-256 in counter mode: as many deterministic bytes as asked for. */
    private static byte[] expand(String label, int length) {
        byte[] out = new byte[length];
        byte[] seed = label.getBytes(StandardCharsets.UTF_8);
        int off = 0;
        for (int counter = 0; off < length; counter++) {
            byte[] block = sha256(ByteBuffer.allocate(seed.length + 4).put(seed).putInt(counter).array());
            int n = Math.min(block.length, length - off);
            System.arraycopy(block, 0, out, off, n);
            off += n;
        }
        return out;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
