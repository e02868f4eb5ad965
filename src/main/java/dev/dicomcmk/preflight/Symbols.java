package dev.dicomcmk.preflight;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Symbolic values: what a template leaves to deployment time (the subscription, an unset
 * parameter, an identity's principal id) evaluates offline to "{expression}" text. Equal symbols
 * come from the same expression and are provably equal; a symbol and anything else are not
 * provably different, so a comparison involving one is "not determinable offline" unless the
 * texts are identical. Braces do not occur in the values compared here (names, ids, URLs, GUIDs).
 */
final class Symbols {

    static final String SUBSCRIPTION_ID = of("subscription().subscriptionId");
    static final String TENANT_ID = of("subscription().tenantId");
    static final String RESOURCE_GROUP = of("resourceGroup().name");
    static final String DEPLOYMENT = of("deployment().name");
    /** The version Key Vault gives a key when the template creates it. */
    static final String VERSION_AT_DEPLOYMENT = of("version at deployment");

    private static final Pattern SYMBOL = Pattern.compile("\\{[^{}]*}");

    private Symbols() {
    }

    static String of(String expression) {
        return "{" + expression + "}";
    }

    static String parameter(String name) {
        return of("parameters('" + name + "')");
    }

    /**
     * The principal id of the identity that the resource (a UAMI, or a service's system identity)
     * has, named by the resource's type and name for the reader. Matching never relies on this
     * text: {@link PrincipalRef} compares the full ids.
     */
    static String principalOf(String resourceId) {
        String[] parts = resourceId.replaceAll("/{2,}", "/").split("/");
        String shortName = parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : resourceId;
        return of("principalId of " + shortName);
    }

    static boolean isSymbolic(String value) {
        return value != null && value.indexOf('{') >= 0;
    }

    /** "{parameters('x')}" -> "parameters('x')"; text mixing literals and symbols is returned as it is. */
    static String expression(String value) {
        Matcher m = SYMBOL.matcher(value);
        return m.matches() ? value.substring(1, value.length() - 1) : value;
    }

    /** The reason an Observed carries when a value is left to deployment time. */
    static String notDeterminable(String what) {
        return dev.dicomcmk.model.Observed.NOT_DETERMINABLE_OFFLINE + what;
    }

    /**
     * Same, different or unknown: equal texts (ignoring case, as Azure does for ids, names and
     * GUIDs) are the same; two literals that differ are different; anything else depends on
     * values only the deployment knows.
     */
    static Comparison compare(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return Comparison.SAME;
        }
        return isSymbolic(a) || isSymbolic(b) ? Comparison.UNKNOWN : Comparison.DIFFERENT;
    }

    enum Comparison { SAME, DIFFERENT, UNKNOWN }
}
