package dev.dicomcmk.preflight;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineIndexTest {

    @Test
    void mapsPointersToTheLineWhereEachValueStarts() throws Exception {
        LineIndex index = LineIndex.of("""
                {
                  "a": 1,
                  "b": [
                    {"c": true},
                    {
                      "d/e": "x",
                      "f~g": null
                    }
                  ]
                }
                """);
        assertEquals(1, index.line(""));
        assertEquals(2, index.line("/a"));
        assertEquals(3, index.line("/b"));
        assertEquals(4, index.line("/b/0"));
        assertEquals(4, index.line("/b/0/c"));
        assertEquals(5, index.line("/b/1"));
        assertEquals(6, index.line("/b/1/d~1e"));
        assertEquals(7, index.line("/b/1/f~0g"));
        // a property that is not there: its nearest ancestor
        assertEquals(5, index.line("/b/1/missing/deeper"));
        assertEquals("/b/1", index.existing("/b/1/missing"));
    }

    @Test
    void badFilesAreOneLineWithFileAndLine(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("t.json");
        Files.writeString(broken, "{\n  \"a\": 1,\n  \"b\": \n}\n");
        InvalidTemplateException e = assertThrows(InvalidTemplateException.class, () -> JsonFile.read(broken, "infra/t.json"));
        assertTrue(e.getMessage().startsWith("infra/t.json: invalid JSON at line 4, column "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());

        Files.writeString(broken, "[1, 2]");
        assertEquals("infra/t.json:1: not a JSON object", assertThrows(InvalidTemplateException.class,
                () -> JsonFile.read(broken, "infra/t.json")).getMessage());
        assertEquals("nope.json: no such file", assertThrows(InvalidTemplateException.class,
                () -> JsonFile.read(dir.resolve("nope.json"), "nope.json")).getMessage());
        Files.writeString(broken, "{\"a\": 1, \"a\": 2}");
        assertTrue(assertThrows(InvalidTemplateException.class, () -> JsonFile.read(broken, "t.json")).getMessage()
                .contains("property 'a' appears twice"));
    }
}
