package dev.dicomcmk.azure;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one check every Azure read goes through, and the parser under it, on the answers that must not be facts. */
class ExpectedTest {

    private static final String ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/ws/dicomservices/d";
    private static final Expected SERVICE = Expected.resource("DICOM service ws/d", ID, ResourceTypes.DICOM_SERVICE);

    @Test
    void parseNeverAnswersAnEmptyNodeForWhatIsNotJson() {
        for (String body : new String[] {null, "", "  ", "<html>sign in</html>", "{\"truncated\":"}) {
            assertThrows(Json.NotJson.class, () -> Json.parse(body), String.valueOf(body));
            assertTrue(Json.tryParse(body).isEmpty(), String.valueOf(body));
        }
        assertEquals("v", Json.text(Json.parse("{\"k\":\"v\"}"), "k"));
    }

    @Test
    void aResourceIsTakenOnlyWhenItIsTheOneAskedFor() {
        assertNull(SERVICE.mismatch(Json.parse("{\"id\":\"" + ID.toUpperCase() + "/\",\"type\":\"microsoft.healthcareapis/"
                + "workspaces/dicomservices\"}")), "ids and types compare as ARM compares them");
        assertNull(SERVICE.mismatch(Json.parse("{\"id\":\"" + ID + "\"}")), "a resource may leave its type out");
        assertEquals("an empty object", SERVICE.mismatch(Json.parse("{}")));
        assertEquals("an object without an id", SERVICE.mismatch(Json.parse("{\"identity\":{\"type\":\"None\"}}")));
        assertEquals("the resource " + ID + "2", SERVICE.mismatch(Json.parse("{\"id\":\"" + ID + "2\"}")));
        assertTrue(SERVICE.mismatch(Json.parse("{\"id\":\"" + ID + "\",\"type\":\"Microsoft.KeyVault/vaults\"}"))
                .startsWith("a resource of type Microsoft.KeyVault/vaults"));
        assertEquals("a JSON array, not an object", SERVICE.mismatch(Json.parse("[]")));
        assertEquals("an object without a value list", Expected.list("a list page").mismatch(Json.parse("{}")));
        assertNull(Expected.list("a list page").mismatch(Json.parse("{\"value\":[]}")));
    }
}
