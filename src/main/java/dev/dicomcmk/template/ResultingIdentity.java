package dev.dicomcmk.template;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The identity a service will have after the update: the current one with the desired changes
 * applied. Every user-assigned identity already there is kept unless explicitly removed, since
 * a PUT without it would detach it. ARM ids are compared case-insensitively (a service may
 * return "resourcegroups" where the user typed "resourceGroups"); the service's own spelling
 * of an id is kept.
 */
record ResultingIdentity(boolean systemAssigned, List<String> userAssigned) {

    static final String NONE = "None";
    static final String SYSTEM = "SystemAssigned";
    static final String USER = "UserAssigned";
    static final String SYSTEM_AND_USER = "SystemAssigned,UserAssigned";

    static ResultingIdentity of(JsonNode currentIdentity, DesiredState desired) {
        String currentType = currentIdentity.path("type").asText("None").replace(" ", "").toLowerCase(Locale.ROOT);
        boolean system = desired.systemAssigned() != null ? desired.systemAssigned() : currentType.contains("systemassigned");

        List<String> identities = new ArrayList<>();
        for (Iterator<String> it = currentIdentity.path("userAssignedIdentities").fieldNames(); it.hasNext(); ) {
            addIfAbsent(identities, it.next());
        }
        for (String removed : desired.removeUserAssigned()) {
            if (!identities.removeIf(id -> sameId(id, removed))) {
                throw new IllegalArgumentException("cannot remove user-assigned identity " + removed
                        + ": the service does not have it (it has " + (identities.isEmpty() ? "none" : String.join(", ", identities)) + ")");
            }
        }
        for (String added : desired.addUserAssigned()) {
            if (added == null || !added.strip().startsWith("/subscriptions/")
                    || !added.toLowerCase(Locale.ROOT).contains("/providers/microsoft.managedidentity/userassignedidentities/")) {
                throw new IllegalArgumentException("'" + added + "' is not a user-assigned identity id; expected "
                        + "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>");
            }
            addIfAbsent(identities, added.strip());
        }
        identities.sort(Comparator.comparing((String id) -> id.toLowerCase(Locale.ROOT)).thenComparing(Comparator.naturalOrder()));
        return new ResultingIdentity(system, List.copyOf(identities));
    }

    /** The canonical type string the RP documents. */
    String type() {
        if (systemAssigned) {
            return userAssigned.isEmpty() ? SYSTEM : SYSTEM_AND_USER;
        }
        return userAssigned.isEmpty() ? NONE : USER;
    }

    private static void addIfAbsent(List<String> identities, String id) {
        if (identities.stream().noneMatch(existing -> sameId(existing, id))) {
            identities.add(id);
        }
    }

    private static boolean sameId(String a, String b) {
        return normalise(a).equals(normalise(b));
    }

    private static String normalise(String id) {
        String s = id.strip().toLowerCase(Locale.ROOT);
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
