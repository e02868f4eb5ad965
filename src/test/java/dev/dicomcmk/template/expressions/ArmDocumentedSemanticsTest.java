package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The template evaluator is shared by the client (rendering, preflight) and the sandbox's deployment engine, so
 * a bug in it would be invisible to every test that deploys through the sandbox. These cases are therefore taken
 * from ARM's own documentation of its template functions (Microsoft Learn, "Template functions" for ARM
 * templates: string, array, comparison, logical, object and resource functions), not from what the evaluator
 * returns: each row is a documented example's input and the output the documentation states for it (the
 * example templates' parameter defaults become the parameters below).
 */
class ArmDocumentedSemanticsTest {

    private static final String SUB = MapContext.SUBSCRIPTION;
    private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-dicom";

    private static MapContext documentedDefaults() {
        return MapContext.strict()
                // string functions
                .parameter("greeting", "\"Hello\"").parameter("name", "\"User\"").parameter("numberToFormat", "8175133")
                .parameter("testObject", "{\"valueA\":10,\"valueB\":\"Example Text\"}")
                .parameter("testArray", "[\"a\",\"b\",\"c\"]").parameter("testInt", "5")
                .parameter("phone", "\"123-123-1234\"")
                .parameter("firstString", "\"one,two,three\"").parameter("secondString", "\"one;two,three\"")
                .variable("delimiters", "[\",\",\";\"]")
                .parameter("oneTwoThree", "\"one two three\"").parameter("mixedCase", "\"One Two Three\"")
                .parameter("padded", "\"    one two three   \"")
                // array and object functions
                .parameter("arrayToTest", "[\"one\",\"two\",\"three\"]")
                .parameter("objectToTest", "{\"propA\":\"one\",\"propB\":\"two\",\"propC\":\"three\","
                        + "\"propD\":{\"propD-1\":\"sub\",\"propD-2\":\"sub\"}}")
                .parameter("lettersObject", "{\"one\":\"a\",\"two\":\"b\",\"three\":\"c\"}")
                .parameter("firstObject", "{\"one\":\"a\",\"two\":\"b\",\"three\":\"c1\"}")
                .parameter("secondObject", "{\"three\":\"c2\",\"four\":\"d\",\"five\":\"e\"}")
                .parameter("secondArray", "[\"three\",\"four\"]")
                .parameter("firstPairs", "[\"1-1\",\"1-2\",\"1-3\"]").parameter("secondPairs", "[\"2-1\",\"2-2\",\"2-3\"]")
                .parameter("emptyArray", "[]").parameter("emptyObject", "{}").parameter("emptyString", "\"\"")
                .parameter("nulls", "{\"null1\":null,\"null2\":null,\"string\":\"default\",\"int\":1,"
                        + "\"object\":{\"first\":\"default\"},\"array\":[1]}")
                // comparison
                .parameter("ab1", "[\"a\",\"b\"]").parameter("ab2", "[\"a\",\"b\"]")
                .parameter("obj1", "{\"a\":\"b\"}").parameter("obj2", "{\"a\":\"b\"}");
    }

    static Stream<Arguments> documented() {
        return Stream.of(
                // string functions
                Arguments.of("format: .NET composite formatting, {n:N0} groups thousands",
                        "[format('{0}, {1}. Formatted number: {2:N0}', parameters('greeting'), parameters('name'), parameters('numberToFormat'))]",
                        "\"Hello, User. Formatted number: 8,175,133\""),
                Arguments.of("format: N with decimals (.NET's standard numeric format, invariant culture)",
                        "[format('{0:N2}|{1:n0}', -1234567, 12)]", "\"-1,234,567.00|12\""),
                Arguments.of("string: an object becomes its compact JSON", "[string(parameters('testObject'))]",
                        "\"{\\\"valueA\\\":10,\\\"valueB\\\":\\\"Example Text\\\"}\""),
                Arguments.of("string: an array becomes its compact JSON", "[string(parameters('testArray'))]", "\"[\\\"a\\\",\\\"b\\\",\\\"c\\\"]\""),
                Arguments.of("string: an int", "[string(parameters('testInt'))]", "\"5\""),
                Arguments.of("replace: every instance", "[replace(parameters('phone'), '-', '')]", "\"1231231234\""),
                Arguments.of("replace: a part", "[replace(parameters('phone'), '1234', 'xxxx')]", "\"123-123-xxxx\""),
                Arguments.of("split: one delimiter", "[split(parameters('firstString'), ',')]", "[\"one\",\"two\",\"three\"]"),
                Arguments.of("split: any of an array of delimiters", "[split(parameters('secondString'), variables('delimiters'))]",
                        "[\"one\",\"two\",\"three\"]"),
                Arguments.of("startsWith", "[startsWith('abcdef', 'ab')]", "true"),
                Arguments.of("startsWith: case-insensitive", "[startsWith('abcdef', 'A')]", "true"),
                Arguments.of("startsWith: false", "[startsWith('abcdef', 'e')]", "false"),
                Arguments.of("endsWith", "[endsWith('abcdef', 'ef')]", "true"),
                Arguments.of("endsWith: case-insensitive", "[endsWith('abcdef', 'F')]", "true"),
                Arguments.of("endsWith: false", "[endsWith('abcdef', 'e')]", "false"),
                Arguments.of("substring: zero-based start and a length", "[substring(parameters('oneTwoThree'), 4, 3)]", "\"two\""),
                Arguments.of("toLower", "[toLower(parameters('mixedCase'))]", "\"one two three\""),
                Arguments.of("toUpper", "[toUpper(parameters('mixedCase'))]", "\"ONE TWO THREE\""),
                Arguments.of("trim: leading and trailing white space", "[trim(parameters('padded'))]", "\"one two three\""),
                Arguments.of("first: of an array", "[first(parameters('arrayToTest'))]", "\"one\""),
                Arguments.of("first: of a string", "[first('One Two Three')]", "\"O\""),
                Arguments.of("last: of an array", "[last(parameters('arrayToTest'))]", "\"three\""),
                Arguments.of("last: of a string", "[last('One Two Three')]", "\"e\""),
                Arguments.of("length: of an array", "[length(parameters('arrayToTest'))]", "3"),
                Arguments.of("length: of a string", "[length(parameters('mixedCase'))]", "13"),
                Arguments.of("length: root-level properties of an object", "[length(parameters('objectToTest'))]", "4"),
                // array and object functions
                Arguments.of("concat: arrays are joined in order", "[concat(parameters('firstPairs'), parameters('secondPairs'))]",
                        "[\"1-1\",\"1-2\",\"1-3\",\"2-1\",\"2-2\",\"2-3\"]"),
                Arguments.of("contains: a string (case-sensitive)", "[contains('OneTwoThree', 'e')]", "true"),
                Arguments.of("contains: a string, absent", "[contains('OneTwoThree', 'z')]", "false"),
                Arguments.of("contains: an object's key", "[contains(parameters('lettersObject'), 'one')]", "true"),
                Arguments.of("contains: an object's value is not a key", "[contains(parameters('lettersObject'), 'a')]", "false"),
                Arguments.of("contains: an array element", "[contains(parameters('arrayToTest'), 'three')]", "true"),
                Arguments.of("contains: an array, absent", "[contains(parameters('arrayToTest'), 'four')]", "false"),
                Arguments.of("union: objects, the later value wins", "[union(parameters('firstObject'), parameters('secondObject'))]",
                        "{\"one\":\"a\",\"two\":\"b\",\"three\":\"c2\",\"four\":\"d\",\"five\":\"e\"}"),
                Arguments.of("union: arrays, without duplicates", "[union(parameters('arrayToTest'), parameters('secondArray'))]",
                        "[\"one\",\"two\",\"three\",\"four\"]"),
                Arguments.of("empty: an array", "[empty(parameters('emptyArray'))]", "true"),
                Arguments.of("empty: an object", "[empty(parameters('emptyObject'))]", "true"),
                Arguments.of("empty: a string", "[empty(parameters('emptyString'))]", "true"),
                Arguments.of("coalesce: the first non-null string", "[coalesce(parameters('nulls').null1, parameters('nulls').null2, parameters('nulls').string)]",
                        "\"default\""),
                Arguments.of("coalesce: an int", "[coalesce(parameters('nulls').null1, parameters('nulls').null2, parameters('nulls').int)]", "1"),
                Arguments.of("coalesce: an object", "[coalesce(parameters('nulls').null1, parameters('nulls').null2, parameters('nulls').object)]",
                        "{\"first\":\"default\"}"),
                Arguments.of("coalesce: an array", "[coalesce(parameters('nulls').null1, parameters('nulls').null2, parameters('nulls').array)]", "[1]"),
                Arguments.of("coalesce: all null is empty", "[empty(coalesce(parameters('nulls').null1, parameters('nulls').null2))]", "true"),
                // comparison and logical functions
                Arguments.of("equals: ints", "[equals(1, 1)]", "true"),
                Arguments.of("equals: strings", "[equals('a', 'a')]", "true"),
                Arguments.of("equals: arrays by value", "[equals(parameters('ab1'), parameters('ab2'))]", "true"),
                Arguments.of("equals: objects by value", "[equals(parameters('obj1'), parameters('obj2'))]", "true"),
                Arguments.of("if: true", "[if(equals('a', 'a'), 'yes', 'no')]", "\"yes\""),
                Arguments.of("if: false", "[if(equals('a', 'b'), 'yes', 'no')]", "\"no\""),
                Arguments.of("if: an object from json()", "[if(equals('a', 'a'), json('{\"test\": \"value1\"}'), json('null'))]",
                        "{\"test\":\"value1\"}"),
                Arguments.of("and", "[and(bool('true'), bool('false'))]", "false"),
                Arguments.of("or", "[or(bool('true'), bool('false'))]", "true"),
                Arguments.of("not", "[not(bool('true'))]", "false"),
                Arguments.of("bool: 'true'", "[bool('true')]", "true"),
                Arguments.of("bool: 'false'", "[bool('false')]", "false"),
                Arguments.of("bool: 1", "[bool(1)]", "true"),
                Arguments.of("bool: 0", "[bool(0)]", "false"),
                // resource functions: the documented formats of the identifiers
                Arguments.of("resourceId: /subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}",
                        "[resourceId('Microsoft.Storage/storageAccounts', 'examplestorage')]",
                        "\"" + RG + "/providers/Microsoft.Storage/storageAccounts/examplestorage\""),
                Arguments.of("resourceId: a child type takes one name per segment",
                        "[resourceId('Microsoft.SQL/servers/databases', 'serverName', 'databaseName')]",
                        "\"" + RG + "/providers/Microsoft.SQL/servers/serverName/databases/databaseName\""),
                Arguments.of("resourceId: in another resource group of the same subscription",
                        "[resourceId('otherResourceGroup', 'Microsoft.Storage/storageAccounts', 'examplestorage')]",
                        "\"/subscriptions/" + SUB + "/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage\""),
                Arguments.of("resourceId: in another subscription and resource group",
                        "[resourceId('00000000-0000-0000-0000-000000000000', 'otherResourceGroup', 'Microsoft.Storage/storageAccounts', 'examplestorage')]",
                        "\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage\""),
                Arguments.of("subscriptionResourceId: /subscriptions/{sub}/providers/{namespace}/{type}/{name}",
                        "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'e147488a-f6f5-4113-8e2d-b22465e65bf6')]",
                        "\"/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6\""),
                Arguments.of("tenantResourceId: /providers/{namespace}/{type}/{name}",
                        "[tenantResourceId('Microsoft.Authorization/policyDefinitions', 'policyId')]",
                        "\"/providers/Microsoft.Authorization/policyDefinitions/policyId\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documented")
    void evaluatesAsArmDocumentsIt(String documentedBehaviour, String expression, String documentedOutput) {
        JsonNode actual = ArmExpressions.evaluate(expression, documentedDefaults());
        assertEquals(MapContext.parse(documentedOutput), actual, documentedBehaviour + ": " + expression);
    }

    /**
     * uniqueString and guid: the documentation states the shape (13 characters; a GUID's 36) and that the value is
     * a deterministic hash of the arguments, unique to them; the published values are in ArmHashesTest.
     */
    @Test
    void uniqueStringAndGuidHaveTheDocumentedShapeAndDeterminism() {
        MapContext ctx = documentedDefaults();
        Set<String> seen = new HashSet<>();
        for (String args : new String[] {"resourceGroup().id", "subscription().subscriptionId", "resourceGroup().id, deployment().name",
            "'a'", "'a', 'b'", "'ab'"}) {
            String u = ArmExpressions.evaluate("[uniqueString(" + args + ")]", ctx).textValue();
            assertTrue(u.matches("[a-z0-9]{13}"), args + " -> " + u);
            assertEquals(u, ArmExpressions.evaluate("[uniqueString(" + args + ")]", ctx).textValue(), "deterministic");
            assertTrue(seen.add(u), "unique to its arguments: " + args);
            String g = ArmExpressions.evaluate("[guid(" + args + ")]", ctx).textValue();
            assertTrue(g.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), args + " -> " + g);
        }
        assertNotEquals(ArmExpressions.evaluate("[uniqueString('a', 'b')]", ctx), ArmExpressions.evaluate("[uniqueString('ab')]", ctx),
                "arguments are not simply concatenated");
        assertEquals("prefix-" + ArmExpressions.evaluate("[uniqueString(resourceGroup().id)]", ctx).textValue(),
                ArmExpressions.evaluate("[concat('prefix', '-', uniqueString(resourceGroup().id))]", ctx).textValue());
    }
}
