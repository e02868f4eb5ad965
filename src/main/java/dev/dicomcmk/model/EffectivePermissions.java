package dev.dicomcmk.model;

import java.util.List;

/**
 * What ARM's permissions API answered for the signed-in operator at one scope: one entry per role
 * assignment that applies there. {@code unreadable} carries why it could not be read (then no entries).
 */
public record EffectivePermissions(String scope, List<Entry> entries, String unreadable) {

    /** One applicable assignment's lists, wildcards as Azure writes them; condition non-null for ABAC. */
    public record Entry(List<String> actions, List<String> notActions, List<String> dataActions,
                        List<String> notDataActions, String condition) {
        public Entry {
            actions = actions == null ? List.of() : List.copyOf(actions);
            notActions = notActions == null ? List.of() : List.copyOf(notActions);
            dataActions = dataActions == null ? List.of() : List.copyOf(dataActions);
            notDataActions = notDataActions == null ? List.of() : List.copyOf(notDataActions);
        }
    }

    public EffectivePermissions {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    public static EffectivePermissions unreadable(String scope, String why) {
        return new EffectivePermissions(scope, List.of(), why);
    }
}
