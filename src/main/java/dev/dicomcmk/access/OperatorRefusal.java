package dev.dicomcmk.access;

import dev.dicomcmk.model.BuiltInRoles;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a 403 the operator got (ARM's AuthorizationFailed, Key Vault's ForbiddenByRbac or AccessDenied)
 * into what the operator lacks and who has it: so a check that could not read something says that it
 * is the signed-in identity's own permission, not the service's, and which role would let it read.
 */
public final class OperatorRefusal {

    private static final Pattern ARM = Pattern.compile("perform action '([^']+)' over scope '([^']+)'");
    private static final Pattern KV_ACTION = Pattern.compile("Action: '([^']+)'");
    private static final Pattern KV_RESOURCE = Pattern.compile("Resource: '([^']+)'");
    private static final Pattern ACCESS_POLICY = Pattern.compile("does not have (keys \\w+) permission on key vault '([^;']+)");

    private OperatorRefusal() {
    }

    /** "the signed-in identity (not the service) lacks <action> at <scope>; built-in roles with it: …", or empty. */
    public static Optional<String> explain(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher arm = ARM.matcher(message);
        if (arm.find()) {
            return Optional.of(lacks(arm.group(1), arm.group(2), false));
        }
        Matcher action = KV_ACTION.matcher(message);
        Matcher resource = KV_RESOURCE.matcher(message);
        if (action.find() && resource.find()) {
            return Optional.of(lacks(action.group(1), resource.group(1), true));
        }
        Matcher policy = ACCESS_POLICY.matcher(message);
        if (policy.find()) {
            return Optional.of("the signed-in identity (not the service) lacks the " + policy.group(1)
                    + " permission in an access policy of " + policy.group(2));
        }
        return Optional.empty();
    }

    private static String lacks(String action, String scope, boolean dataAction) {
        return "the signed-in identity (not the service) lacks " + action + " at " + scope + "; built-in roles with it: "
                + PermissionVerdict.orList(BuiltInRoles.namesGranting(action, dataAction));
    }
}
