package dev.dicomcmk.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicomcmk.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class ServiceResourceFileTest {
    @TempDir
    Path dir;

    @Test
    void loadsASavedService() throws IOException {
        Path file = dir.resolve("svc.json");
        Files.writeString(file, ArmTemplateRendererTest.resource("service-healthy.json").toString());
        assertEquals("westus3", ServiceResourceFile.load(file).path("location").textValue());
    }

    @Test
    void explainsBadFilesInOneLine() throws IOException {
        assertOneLine(dir.resolve("missing.json"), "no such file");
        assertOneLine(write("bad.json", "{\"id\": "), "invalid JSON at line 1");
        assertOneLine(write("array.json", "[1]"), "expected a JSON object");
        assertOneLine(write("empty.json", ""), "found nothing");
        assertOneLine(write("vault.json", "{\"type\":\"Microsoft.KeyVault/vaults\"}"), "not a DICOM service");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertOneLine(Path file, String fragment) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ServiceResourceFile.load(file));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
