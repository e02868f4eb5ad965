package dev.dicomcmk.sandbox.keyvault;

/** Does a firewall IP rule ("1.2.3.4" or "1.2.3.0/24") cover an IPv4 client address? */
final class IpRules {

    private IpRules() {
    }

    static boolean covers(String rule, String address) {
        try {
            String[] parts = rule.trim().split("/");
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
            long net = ipv4(parts[0]);
            long ip = ipv4(address);
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            return (net & mask) == (ip & mask);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long ipv4(String s) {
        String[] o = s.split("\\.");
        if (o.length != 4) {
            throw new IllegalArgumentException(s);
        }
        long v = 0;
        for (String part : o) {
            int b = Integer.parseInt(part);
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException(s);
            }
            v = (v << 8) | b;
        }
        return v;
    }
}
