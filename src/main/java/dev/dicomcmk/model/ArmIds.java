package dev.dicomcmk.model;

import java.util.Locale;

/**
 * ARM ids and scopes as ARM compares them: case-insensitively ("resourcegroups" and
 * "resourceGroups" are the same) and without regard to a trailing slash.
 */
public final class ArmIds {

    private ArmIds() {
    }

    /** The id without trailing slashes ("" for null and for the root scope "/"). */
    public static String trim(String id) {
        if (id == null) {
            return "";
        }
        int end = id.length();
        while (end > 0 && id.charAt(end - 1) == '/') {
            end--;
        }
        return id.substring(0, end);
    }

    public static boolean same(String a, String b) {
        return trim(a).toLowerCase(Locale.ROOT).equals(trim(b).toLowerCase(Locale.ROOT));
    }
}
