package dev.dicomcmk.access;

import java.util.List;

/**
 * What the permission check found: the needs provably missing (each with the built-in roles that would
 * grant it) and the ones it could not verify, as lines to show.
 */
public record PermissionVerdict(List<Missing> missing, List<String> unverified) {

    public record Missing(OperatorNeed need, List<String> grantedBy) {

        /** "missing <action> at <scope> (granted by A, B or C); someone holding it can run: <command>". */
        public String describe() {
            return "missing " + need.action() + " at " + need.scope() + " (granted by " + orList(grantedBy)
                    + (need.dataAction() ? ", a data action" : "") + ")"
                    + (need.instead() == null ? "" : "; someone holding it can run: " + need.instead());
        }
    }

    public PermissionVerdict {
        missing = List.copyOf(missing);
        unverified = List.copyOf(unverified);
    }

    public boolean refused() {
        return !missing.isEmpty();
    }

    /** One line for the refusal: what is missing, and that nothing was changed. */
    public String refusal(String command) {
        StringBuilder s = new StringBuilder(command).append(" refused before any change: the signed-in identity lacks ");
        for (int i = 0; i < missing.size(); i++) {
            s.append(i == 0 ? "" : "; and ").append(missing.get(i).describe().substring("missing ".length()));
        }
        return s.append(". Nothing was changed (a role held only as PIM-eligible must be activated first).").toString();
    }

    static String orList(List<String> names) {
        if (names.isEmpty()) {
            return "no built-in role this tool knows; a custom role";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
