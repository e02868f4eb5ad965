package dev.dicomcmk.model;

import java.util.List;
import java.util.Locale;

/**
 * A role's name, control-plane actions and data actions: enough to tell whether it can use a key, how
 * much more it can do, and whether it grants an ARM action (a role assignment, a deployment).
 */
public record RoleDefinition(String guid, String name, List<String> actions, List<String> notActions,
                             List<String> dataActions, List<String> notDataActions) {

    public RoleDefinition {
        guid = guid.toLowerCase(Locale.ROOT);
        actions = actions == null ? List.of() : List.copyOf(actions);
        notActions = notActions == null ? List.of() : List.copyOf(notActions);
        dataActions = dataActions == null ? List.of() : List.copyOf(dataActions);
        notDataActions = notDataActions == null ? List.of() : List.copyOf(notDataActions);
    }

    /** A role known only by its data actions (a custom role read from Azure, a Managed HSM local role). */
    public RoleDefinition(String guid, String name, List<String> dataActions, List<String> notDataActions) {
        this(guid, name, List.of(), List.of(), dataActions, notDataActions);
    }

    /** True when the role permits the data action (wildcards as Azure RBAC matches them). */
    public boolean permits(String dataAction) {
        return dataActions.stream().anyMatch(p -> matches(p, dataAction))
                && notDataActions.stream().noneMatch(p -> matches(p, dataAction));
    }

    /** True when the role permits the control-plane (ARM) action; notActions subtract. */
    public boolean permitsAction(String action) {
        return actions.stream().anyMatch(p -> matches(p, action))
                && notActions.stream().noneMatch(p -> matches(p, action));
    }

    /** Azure RBAC wildcards: '*' matches any run of characters, anywhere in the pattern. */
    public static boolean matches(String pattern, String action) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String a = action.toLowerCase(Locale.ROOT);
        StringBuilder regex = new StringBuilder();
        for (String part : p.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return a.matches(regex.toString());
    }
}
