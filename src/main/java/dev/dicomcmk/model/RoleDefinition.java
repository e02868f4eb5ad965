package dev.dicomcmk.model;

import java.util.List;
import java.util.Locale;

/** A role's name and data actions; enough to tell whether it can use a key, and how much more it can do. */
public record RoleDefinition(String guid, String name, List<String> dataActions, List<String> notDataActions) {

    public RoleDefinition {
        guid = guid.toLowerCase(Locale.ROOT);
        dataActions = dataActions == null ? List.of() : List.copyOf(dataActions);
        notDataActions = notDataActions == null ? List.of() : List.copyOf(notDataActions);
    }

    /** True when the role permits the data action (wildcards as Azure RBAC matches them). */
    public boolean permits(String dataAction) {
        return dataActions.stream().anyMatch(p -> matches(p, dataAction))
                && notDataActions.stream().noneMatch(p -> matches(p, dataAction));
    }

    /** Azure RBAC wildcards: '*' matches any run of characters, anywhere in the pattern. */
    static boolean matches(String pattern, String action) {
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
