package dev.dicomcmk.sandbox.rbac;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** A built-in role: name, GUID and its (data) actions, wildcards as Azure writes them. */
public record RoleDefinition(String guid, String roleName, String description, List<String> actions,
                             List<String> notActions, List<String> dataActions, List<String> notDataActions) {

    /** A control-plane (ARM) action: some action pattern matches and no notAction does. */
    public boolean allowsAction(String action) {
        return actions.stream().anyMatch(p -> matches(p, action))
                && notActions.stream().noneMatch(p -> matches(p, action));
    }

    public boolean allowsDataAction(String action) {
        return dataActions.stream().anyMatch(p -> matches(p, action))
                && notDataActions.stream().noneMatch(p -> matches(p, action));
    }

    /** Azure's action wildcard: '*' matches any run of characters, case-insensitive. */
    static boolean matches(String pattern, String action) {
        String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
        return action.toLowerCase(Locale.ROOT).matches(regex);
    }
}
