package dev.dicomcmk.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ShapeComparatorTest {

    private static JsonNode j(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void reportsMissingFieldsWrongTypesAndEnumCasingWithPaths() throws Exception {
        ShapeComparator c = new ShapeComparator(Set.of("skip"), Set.of("a.kind"));
        var problems = c.compare(j("{\"a\":{\"n\":1,\"s\":\"x\",\"kind\":\"Enabled\"},\"l\":[{\"x\":true}],\"skip\":1}"),
                j("{\"a\":{\"n\":\"1\",\"kind\":\"enabled\"},\"l\":[{\"x\":true},{\"y\":1}],\"extra\":2}"));
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.contains("a.n: expected NUMBER, got STRING (\"1\")"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("a.s: missing")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("a.kind: enum casing")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("l[].x: missing")));
    }

    @Test
    void acceptsSameShape() throws Exception {
        assertTrue(new ShapeComparator(Set.of(), Set.of()).compare(j("{\"a\":[1],\"b\":null}"), j("{\"a\":[],\"b\":null,\"c\":1}")).isEmpty());
    }
}
