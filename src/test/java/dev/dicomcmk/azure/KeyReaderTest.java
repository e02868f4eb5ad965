package dev.dicomcmk.azure;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeyReaderTest {

    private static byte[] modulus(int bits, boolean leadingZero) {
        byte[] n = new byte[bits / 8 + (leadingZero ? 1 : 0)];
        Arrays.fill(n, (byte) 0x5a);
        n[leadingZero ? 1 : 0] = (byte) 0xc3; // top bit set, as in every RSA modulus
        if (leadingZero) {
            n[0] = 0;
        }
        return n;
    }

    @Test
    void modulusSizeIgnoresALeadingZeroByte() {
        for (int bits : new int[] {2048, 3072, 4096}) {
            assertEquals(bits, KeyReader.modulusBits(modulus(bits, false)));
            assertEquals(bits, KeyReader.modulusBits(modulus(bits, true)), "with a leading zero byte");
        }
    }
}
