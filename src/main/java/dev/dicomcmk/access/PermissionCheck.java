package dev.dicomcmk.access;

import dev.dicomcmk.model.BuiltInRoles;
import dev.dicomcmk.model.EffectivePermissions;
import dev.dicomcmk.model.RoleDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decides, from ARM's permissions answers alone, whether the operator holds what a write needs. A need
 * is met when an entry's actions (dataActions) match and its notActions (notDataActions) do not; it is
 * provably missing only when the answer at the write's own scope was read, lists no such entry, and
 * nothing else can grant it. Everything the answer cannot settle is "could not verify": an unreadable
 * answer, a grant only through an assignment with a condition, access policies, Managed HSM local RBAC.
 * Deny assignments and PIM-eligible roles do not show in the answer either, so a need that looks met may
 * still be refused, and a missing one may be activatable: the refusal says so.
 */
public final class PermissionCheck {

    private PermissionCheck() {
    }

    /** @param permissionsAt the operator's permissions at a scope (a reader may cache; never null) */
    public static PermissionVerdict decide(List<OperatorNeed> needs, Function<String, EffectivePermissions> permissionsAt) {
        List<PermissionVerdict.Missing> missing = new ArrayList<>();
        List<String> unverified = new ArrayList<>();
        for (OperatorNeed need : needs) {
            Answer a = Answer.UNREAD;
            String why = null;
            for (String scope : need.scopes()) {
                EffectivePermissions p = permissionsAt.apply(scope);
                Answer at = answer(need, p);
                if (at == Answer.GRANTED) {
                    a = Answer.GRANTED;
                    break;
                }
                a = at;
                why = at == Answer.UNREAD ? p.unreadable() : at == Answer.CONDITIONAL ? "granted only through a role "
                        + "assignment with a condition, which the permissions answer does not evaluate" : null;
            }
            if (a == Answer.GRANTED) {
                continue;
            }
            if (need.unverifiable() != null) {
                why = need.unverifiable();
            } else if (a == Answer.DENIED) {
                missing.add(new PermissionVerdict.Missing(need, grantingRoles(need)));
                continue;
            }
            unverified.add("could not verify " + need.action() + " at " + need.scope() + " (" + why + ")");
        }
        return new PermissionVerdict(missing, unverified);
    }

    private enum Answer { GRANTED, CONDITIONAL, DENIED, UNREAD }

    private static Answer answer(OperatorNeed need, EffectivePermissions p) {
        if (p == null || p.unreadable() != null) {
            return Answer.UNREAD;
        }
        boolean conditional = false;
        for (EffectivePermissions.Entry e : p.entries()) {
            List<String> allow = need.dataAction() ? e.dataActions() : e.actions();
            List<String> deny = need.dataAction() ? e.notDataActions() : e.notActions();
            if (allow.stream().anyMatch(x -> RoleDefinition.matches(x, need.action()))
                    && deny.stream().noneMatch(x -> RoleDefinition.matches(x, need.action()))) {
                if (e.condition() == null || e.condition().isBlank()) {
                    return Answer.GRANTED;
                }
                conditional = true;
            }
        }
        return conditional ? Answer.CONDITIONAL : Answer.DENIED;
    }

    /** The built-in roles (from the one roles table) that grant the action. */
    static List<String> grantingRoles(OperatorNeed need) {
        return BuiltInRoles.namesGranting(need.action(), need.dataAction());
    }
}
