package dev.dicomcmk.azure;

import dev.dicomcmk.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CloudProfilesTest {

    @Test
    void builtInsAreCaseInsensitive() {
        assertSame(CloudProfiles.AZURE_CLOUD, CloudProfiles.resolve(null));
        assertSame(CloudProfiles.AZURE_US_GOVERNMENT, CloudProfiles.resolve("azureusgovernment"));
        assertSame(CloudProfiles.AZURE_CHINA_CLOUD, CloudProfiles.resolve("AzureChinaCloud"));
        assertEquals("https://management.core.windows.net/.default", CloudProfiles.AZURE_CLOUD.resourceManagerScope());
    }

    @Test
    void loadsAProfileFileOrDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cloud.json"), """
                {"name":"Lab","resourceManagerEndpoint":"https://management.lab.test","authorityHost":"https://login.lab.test/",
                 "keyVaultDnsSuffix":".vault.lab.test","managedHsmDnsSuffix":"managedhsm.lab.test","instanceDiscovery":false,
                 "routes":[{"suffix":"lab.test","address":"127.0.0.1:8443"}]}""");
        CloudProfile p = CloudProfiles.resolve(dir.toString());
        assertEquals("Lab", p.name());
        assertEquals("vault.lab.test", p.keyVaultDnsSuffix());
        assertEquals("https://management.lab.test/", p.resourceManagerEndpoint().toString());
        assertEquals("https://management.lab.test/.default", p.resourceManagerScope());
        assertFalse(p.instanceDiscovery());
        assertEquals(1, p.routes().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{}", "{\"resourceManagerEndpoint\":\"http://x.test\",\"authorityHost\":\"https://l.test\",\"keyVaultDnsSuffix\":\"v.test\",\"managedHsmDnsSuffix\":\"m.test\"}",
        "{\"resourceManagerEndpoint\":\"https://x.test\",\"authorityHost\":\"https://l.test\",\"keyVaultDnsSuffix\":\"v.test\",\"managedHsmDnsSuffix\":\"m.test\",\"bogus\":1}",
        "{\"resourceManagerEndpoint\":\"https://x.test\",\"authorityHost\":\"https://l.test\",\"keyVaultDnsSuffix\":\"not a suffix\",\"managedHsmDnsSuffix\":\"m.test\"}",
        "{\"resourceManagerEndpoint\":\"https://x.test\",\"authorityHost\":\"https://l.test\",\"keyVaultDnsSuffix\":\"v.test\",\"managedHsmDnsSuffix\":\"m.test\",\"routes\":[{\"suffix\":\"x.test\",\"address\":\"10.0.0.1:443\"}]}",
        "{\"resourceManagerEndpoint\":\"https://x.test\",\"authorityHost\":\"https://l.test\",\"keyVaultDnsSuffix\":\"v.test\",\"managedHsmDnsSuffix\":\"m.test\",\"caCertificate\":\"nope\"}"})
    void rejectsBadProfiles(String json) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CloudProfiles.parse(json, null));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void unknownNameOrMissingFile() {
        assertThrows(InvalidInputException.class, () -> CloudProfiles.resolve("AzureMoonCloud"));
        assertThrows(InvalidInputException.class, () -> CloudProfiles.resolve("/no/such/file.json"));
    }
}
