package dev.dicomcmk.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServiceIdTest {
    private static final String SUB = "11111111-2222-3333-4444-555555555555";

    @Test
    void parsesShortFormAndArmId() {
        ServiceId a = ServiceId.parse("ws1/dicom1", "rg-1", SUB);
        ServiceId b = ServiceId.parse("/subscriptions/" + SUB + "/resourcegroups/rg-1/providers/microsoft.healthcareapis/"
                + "workspaces/ws1/dicomservices/dicom1", null, null);
        assertEquals(a, b);
        assertEquals("/subscriptions/" + SUB + "/resourceGroups/rg-1/providers/Microsoft.HealthcareApis/workspaces/ws1"
                + "/dicomservices/dicom1", a.armId());
        assertEquals("ws1/dicom1", a.shortName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws1", "ws1/dicom1/extra", "/subscriptions/x/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/ws/dicomservices/d",
        "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", "w/dicom1", "ws1/d", "ws1/dicom_1",
        "ws1/dddddddddddddddddddddddddddddd", "", "ws1/dicom1\u0007"})
    void rejects(String bad) {
        assertThrows(InvalidInputException.class, () -> ServiceId.parse(bad, "rg", SUB));
    }

    @Test
    void shortFormNeedsGroupAndSubscription() {
        assertThrows(InvalidInputException.class, () -> ServiceId.parse("ws1/dicom1", null, SUB));
        assertThrows(InvalidInputException.class, () -> ServiceId.parse("ws1/dicom1", "rg", null));
        assertThrows(InvalidInputException.class, () -> ServiceId.parse("ws1/dicom1", "rg", "not-a-guid"));
        assertThrows(InvalidInputException.class, () -> ServiceId.parse("ws1/dicom1", "rg.", SUB));
    }

    @Test
    void fullIdConflictingWithFlagsIsRejected() {
        String id = "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/ws1/dicomservices/dicom1";
        assertThrows(InvalidInputException.class, () -> ServiceId.parse(id, "other", null));
        assertThrows(InvalidInputException.class, () -> ServiceId.parse(id, null, "99999999-2222-3333-4444-555555555555"));
    }
}
