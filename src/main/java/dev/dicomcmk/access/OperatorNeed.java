package dev.dicomcmk.access;

import java.util.List;

/**
 * One permission a write command needs before it writes: an ARM action (or a Key Vault data action) at
 * a scope, what someone who holds it could run instead, and, when the permissions answer cannot settle
 * it (access policies, Managed HSM local RBAC), why.
 *
 * @param scopes       where to look, broadest first: a grant found at a broader scope (a resource group
 *                     shared by a fleet) settles it without reading the narrower one; the last is the
 *                     scope the write itself is at, where a missing action is proven
 * @param instead      the command someone holding the action can run instead (shown when it is missing)
 * @param unverifiable null, or why the answer cannot prove it missing (then it is only "could not verify")
 */
public record OperatorNeed(String action, boolean dataAction, List<String> scopes, String instead, String unverifiable) {

    public OperatorNeed {
        scopes = List.copyOf(scopes);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a need has a scope");
        }
    }

    public static OperatorNeed action(String action, String scope, String instead) {
        return new OperatorNeed(action, false, List.of(scope), instead, null);
    }

    public static OperatorNeed dataAction(String action, String scope, String instead) {
        return new OperatorNeed(action, true, List.of(scope), instead, null);
    }

    /** The same need, also looked up at a broader scope first (fleets share it). */
    public OperatorNeed alsoAt(String broaderScope) {
        List<String> s = new java.util.ArrayList<>();
        s.add(broaderScope);
        s.addAll(scopes);
        return new OperatorNeed(action, dataAction, s, instead, unverifiable);
    }

    public OperatorNeed unverifiable(String why) {
        return new OperatorNeed(action, dataAction, scopes, instead, why);
    }

    /** The scope the write is at. */
    public String scope() {
        return scopes.get(scopes.size() - 1);
    }
}
