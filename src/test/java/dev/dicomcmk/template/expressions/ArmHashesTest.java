package dev.dicomcmk.template.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

class ArmHashesTest {

    /**
     * Vectors published with a public re-implementation of uniqueString that states they were
     * checked against Bicep's output (Azure is not reachable from the build to re-check them).
     */
    @ParameterizedTest(name = "uniqueString({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
            "test | rbgf3xv4ufgzg",
            "hello,world | a7wkljktk6wne",
            "abc | cgtzqvhu4i23s",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg | bmg7c6xu4tw46",
            "foo,bar,baz | xzi4ioaxtmth4",
    })
    void uniqueStringMatchesPublishedVectors(String args, String expected) {
        assertEquals(expected, ArmHashes.uniqueString(Arrays.asList(args.split(","))));
    }

    /** Expected values from Python's uuid.uuid5 under ARM's namespace: an independent RFC 4122 v5 implementation. */
    @ParameterizedTest(name = "guid({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
            "a,b,c | a98fa280-e03f-5afa-8d8e-92d0a9c201e8",
            "roleAssignmentName | 29001bc5-c9d6-5281-83d7-410d3d1cd096",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-x | 80206dc2-063c-5763-b911-ff7e6b96087c",
    })
    void guidIsAVersion5UuidUnderArmsNamespace(String args, String expected) {
        assertEquals(expected, ArmHashes.guid(Arrays.asList(args.split(","))));
    }
}
