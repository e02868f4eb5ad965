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

    /**
     * One line for the refusal: what is missing where, who has it, what they can run (once when it is the
     * same for every item), and that nothing was changed.
     */
    public String refusal(String command) {
        boolean oneInstead = missing.stream().map(m -> m.need().instead()).distinct().count() == 1;
        StringBuilder s = new StringBuilder(command).append(" refused before any change: the signed-in identity lacks ");
        for (int i = 0; i < missing.size(); i++) {
            Missing m = missing.get(i);
            s.append(i == 0 ? "" : "; and ").append(m.need().action()).append(" at ").append(m.need().scope())
                    .append(" (granted by ").append(orList(m.grantedBy()))
                    .append(m.need().dataAction() ? ", a data action" : "").append(')');
            if (!oneInstead && m.need().instead() != null) {
                s.append("; someone holding it can run: ").append(m.need().instead());
            }
        }
        s.append(". Nothing was changed.");
        String instead = missing.get(0).need().instead();
        if (oneInstead && instead != null) {
            s.append(" Someone holding ").append(missing.size() == 1 ? "it" : "them").append(" can run: ").append(instead);
        }
        return s.append(" (A role held only as PIM-eligible must be activated first.)").toString();
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
