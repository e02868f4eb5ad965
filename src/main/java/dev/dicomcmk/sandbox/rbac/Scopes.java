package dev.dicomcmk.sandbox.rbac;

import java.util.Locale;

/** Scope arithmetic for role assignments: ARM ids compared segment-wise, case-insensitively. */
public final class Scopes {

    private Scopes() {
    }

    public static String normalize(String scope) {
        String s = scope == null ? "/" : scope.trim();
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.startsWith("/")) {
            s = "/" + s;
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** True when an assignment at {@code assigned} applies to {@code target} (same scope or a parent of it). */
    public static boolean isAtOrAbove(String assigned, String target) {
        String a = normalize(assigned);
        String t = normalize(target);
        return a.equals("/") || t.equals(a) || t.startsWith(a + "/");
    }

    /** Either scope contains the other (used by filters that include assignments below a scope). */
    public static boolean related(String a, String b) {
        return isAtOrAbove(a, b) || isAtOrAbove(b, a);
    }

    /**
     * Managed HSM scopes: "/" covers everything, "/keys" every key, "/keys/{name}" that key only.
     * Role-management actions need "/" or "/keys" (there is nothing below them).
     */
    static boolean hsmScopeCovers(String assigned, String target, String dataAction) {
        String a = normalize(assigned);
        if (a.equals("/")) {
            return true;
        }
        if (dataAction != null && !dataAction.toLowerCase(Locale.ROOT).contains("/keys/")) {
            return a.equals("/keys");
        }
        return isAtOrAbove(a, target);
    }
}
