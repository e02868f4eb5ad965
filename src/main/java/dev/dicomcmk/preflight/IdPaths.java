package dev.dicomcmk.preflight;

import dev.dicomcmk.preflight.Symbols.Comparison;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares ARM ids segment by segment, so that one literal difference ("vaults" against
 * "userAssignedIdentities", "kv-a" against "kv-b") proves two ids different even when other
 * segments are symbolic, while a symbolic segment alone leaves the answer open.
 */
final class IdPaths {

    private IdPaths() {
    }

    static Comparison compare(String a, String b) {
        List<String> x = segments(a);
        List<String> y = segments(b);
        if (x.size() != y.size()) {
            return Comparison.DIFFERENT;
        }
        return prefix(x, y, x.size());
    }

    /** Whether a role assigned at scope reaches the resource: the scope is the resource or one of its ancestors. */
    static Comparison covers(String scope, String resourceId) {
        List<String> s = segments(scope);
        List<String> r = segments(resourceId);
        if (s.size() > r.size()) {
            return Comparison.DIFFERENT;
        }
        return prefix(s, r, s.size());
    }

    /** The first n segments of the id, as the id writes them. */
    static String truncate(String id, int n) {
        List<String> parts = segments(id);
        return n == 0 ? "/" : "/" + String.join("/", parts.subList(0, n));
    }

    static int length(String id) {
        return segments(id).size();
    }

    private static Comparison prefix(List<String> x, List<String> y, int n) {
        boolean unknown = false;
        for (int i = 0; i < n; i++) {
            Comparison c = Symbols.compare(x.get(i), y.get(i));
            if (c == Comparison.DIFFERENT) {
                return Comparison.DIFFERENT;
            }
            unknown |= c == Comparison.UNKNOWN;
        }
        return unknown ? Comparison.UNKNOWN : Comparison.SAME;
    }

    private static List<String> segments(String id) {
        List<String> out = new ArrayList<>();
        for (String part : id.split("/")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }
}
