package dev.dicomcmk.access;

import dev.dicomcmk.model.EffectivePermissions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The decision from ARM's permissions answer alone: granted, provably missing, or could not verify. */
class PermissionCheckTest {

    private static final String RG = "/subscriptions/s/resourceGroups/g";
    private static final String KEY = RG + "/providers/Microsoft.KeyVault/vaults/v/keys/k";

    private static EffectivePermissions answer(String scope, EffectivePermissions.Entry... entries) {
        return new EffectivePermissions(scope, List.of(entries), null);
    }

    private static EffectivePermissions.Entry entry(List<String> actions, List<String> notActions, String condition) {
        return new EffectivePermissions.Entry(actions, notActions, List.of(), List.of(), condition);
    }

    private static final EffectivePermissions.Entry CONTRIBUTOR = entry(List.of("*"),
            List.of("Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write"), null);

    @Test
    void contributorLacksRoleAssignmentWriteProvablyAndTheRefusalNamesWhoHasIt() {
        PermissionVerdict v = PermissionCheck.decide(List.of(OperatorNeed.action(OperatorNeeds.ROLE_ASSIGNMENT_WRITE, KEY, "dicom-cmk x")),
                s -> answer(s, CONTRIBUTOR));
        assertTrue(v.refused());
        assertEquals(List.of("Owner", "User Access Administrator", "Role Based Access Control Administrator"),
                v.missing().get(0).grantedBy());
        String line = v.refusal("enable-identity");
        assertTrue(line.contains("Microsoft.Authorization/roleAssignments/write at " + KEY), line);
        assertTrue(line.contains("Someone holding it can run: dicom-cmk x"), line);
    }

    @Test
    void wildcardsAndCaseAsAzureMatchThem() {
        PermissionVerdict v = PermissionCheck.decide(List.of(OperatorNeed.action(OperatorNeeds.SERVICE_WRITE, RG + "/x", null)),
                s -> answer(s, entry(List.of("microsoft.healthcareapis/*"), List.of(), null)));
        assertFalse(v.refused());
        assertEquals(List.of(), v.unverified());
    }

    @Test
    void whatTheAnswerCannotSettleIsCouldNotVerifyNeverARefusal() {
        List<OperatorNeed> needs = List.of(
                OperatorNeed.action(OperatorNeeds.ROLE_ASSIGNMENT_WRITE, KEY, null),
                OperatorNeed.action(OperatorNeeds.SERVICE_WRITE, RG + "/svc", null),
                OperatorNeed.dataAction(OperatorNeeds.KEY_CREATE, KEY, null).unverifiable("the vault uses access policies"));
        Map<String, EffectivePermissions> answers = Map.of(
                KEY, answer(KEY, entry(List.of("Microsoft.Authorization/roleAssignments/write"), List.of(), "@Resource[x] == 'y'")),
                RG + "/svc", EffectivePermissions.unreadable(RG + "/svc", "HTTP 403"));
        PermissionVerdict v = PermissionCheck.decide(needs, answers::get);
        assertFalse(v.refused(), v.toString());
        assertEquals(3, v.unverified().size(), v.toString());
        assertTrue(v.unverified().get(0).startsWith("could not verify Microsoft.Authorization/roleAssignments/write at " + KEY
                + " (granted only through a role assignment with a condition"), v.toString());
        assertTrue(v.unverified().get(1).contains("(HTTP 403)"), v.toString());
        assertTrue(v.unverified().get(2).contains("access policies"), v.toString());
    }

    @Test
    void aGrantAtTheBroaderScopeSettlesItWithoutReadingTheNarrowerOne() {
        List<String> read = new ArrayList<>();
        PermissionCheck.decide(List.of(OperatorNeed.action(OperatorNeeds.SERVICE_WRITE, RG + "/svc", null).alsoAt(RG)), s -> {
            read.add(s);
            return answer(s, CONTRIBUTOR);
        });
        assertEquals(List.of(RG), read);
    }

    @Test
    void notActionsSubtract() {
        PermissionVerdict v = PermissionCheck.decide(List.of(OperatorNeed.action("Microsoft.Authorization/roleAssignments/write", KEY, null)),
                s -> answer(s, entry(List.of("*"), List.of("Microsoft.Authorization/*"), null)));
        assertTrue(v.refused());
    }
}
