package dev.dicomcmk.template.expressions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * The two deterministic name generators of ARM templates.
 *
 * <p>uniqueString: the arguments joined with '-' (UTF-8) are hashed with the 64-bit MurmurHash
 * variant ARM uses (two 32-bit lanes over 8-byte blocks, Murmur3 x86 constants, fmix32
 * finalisation), and the 64-bit value is written, high bits first, as 13 characters of lowercase RFC 4648
 * base32. This follows the algorithm as described by public re-implementations (not Microsoft
 * documentation, which only says "13 characters, base32 of a hash"); the test vectors in
 * ArmHashesTest come from one that states it was checked against Bicep. Azure itself is not
 * reachable from here, so the vectors are our evidence, not a guarantee.
 *
 * <p>guid: an RFC 4122 version-5 (SHA-1, name-based) UUID of the arguments joined with '-'
 * under the namespace ARM documents for Bicep's guid(), 11fb06fb-712d-4ddd-98c7-e71bbd588830.
 */
final class ArmHashes {
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final UUID GUID_NAMESPACE = UUID.fromString("11fb06fb-712d-4ddd-98c7-e71bbd588830");
    private static final int C1 = 0x239b961b;
    private static final int C2 = 0xab0e9789;

    private ArmHashes() {
    }

    static String uniqueString(List<String> values) {
        long hash = murmurHash64(String.join("-", values).getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder(13);
        for (int i = 0; i < 13; i++) {
            out.append(BASE32.charAt((int) (hash >>> 59)));
            hash <<= 5;
        }
        return out.toString();
    }

    static String guid(List<String> values) {
        byte[] name = String.join("-", values).getBytes(StandardCharsets.UTF_8);
        ByteBuffer namespace = ByteBuffer.allocate(16)
                .putLong(GUID_NAMESPACE.getMostSignificantBits())
                .putLong(GUID_NAMESPACE.getLeastSignificantBits());
        byte[] hash;
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(namespace.array());
            hash = sha1.digest(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);   // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);   // RFC 4122 variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong()).toString();
    }

    static long murmurHash64(byte[] data) {
        int length = data.length;
        int h1 = 0;
        int h2 = 0;
        int index = 0;
        while (index + 7 < length) {
            h1 ^= mixK1(littleEndian(data, index, 4));
            h1 = Integer.rotateLeft(h1, 19) + h2;
            h1 = h1 * 5 + 0x561ccd1b;
            h2 ^= mixK2(littleEndian(data, index + 4, 4));
            h2 = Integer.rotateLeft(h2, 13) + h1;
            h2 = h2 * 5 + 0x0bcaa747;
            index += 8;
        }
        int tail = length - index;
        if (tail > 0) {
            h1 ^= mixK1(littleEndian(data, index, Math.min(tail, 4)));
            if (tail > 4) {
                h2 ^= mixK2(littleEndian(data, index + 4, tail - 4));
            }
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        return ((long) h2 << 32) | (h1 & 0xffffffffL);
    }

    private static int mixK1(int k) {
        return Integer.rotateLeft(k * C1, 15) * C2;
    }

    private static int mixK2(int k) {
        return Integer.rotateLeft(k * C2, 17) * C1;
    }

    private static int littleEndian(byte[] data, int offset, int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            value |= (data[offset + i] & 0xff) << (8 * i);
        }
        return value;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
