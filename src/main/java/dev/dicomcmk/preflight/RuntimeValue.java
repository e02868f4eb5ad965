package dev.dicomcmk.preflight;

import java.util.List;

/**
 * A value only the deployment knows, read with reference(): the resource it belongs to and the
 * property path, e.g. (the key's id, [keyUriWithVersion]) or (the service's id, [identity, principalId]).
 */
record RuntimeValue(String resourceId, boolean full, List<String> path) {

    RuntimeValue {
        path = List.copyOf(path);
    }

    boolean is(String... expected) {
        if (path.size() != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!path.get(i).equalsIgnoreCase(expected[i])) {
                return false;
            }
        }
        return true;
    }

    /** How the template wrote it, for "not determinable offline: ..." reasons. */
    String expression() {
        return "reference('" + resourceId + "'" + (full ? ", 'full'" : "") + ")." + String.join(".", path);
    }
}
