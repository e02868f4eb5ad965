package dev.dicomcmk.template.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

class ArmExpressionsTest {
    private static final String SUB = MapContext.SUBSCRIPTION;
    private static final String RG_ID = "/subscriptions/" + SUB + "/resourceGroups/rg-dicom";
    private static final String KEY_ID = RG_ID + "/providers/Microsoft.KeyVault/vaults/kv-cmk/keys/dicom-key";

    private static MapContext context() {
        return MapContext.strict()
                .parameter("workspaceName", "\"ws1\"")
                .parameter("dicomServiceName", "\"dicom1\"")
                .parameter("keyVaultName", "\"kv-cmk\"")
                .parameter("keyName", "\"dicom-key\"")
                .parameter("userAssignedIdentityName", "\"uami-dicom\"")
                .parameter("count", "3")
                .parameter("tags", "{\"env\":\"prod\",\"Owner\":\"team\"}")
                .parameter("list", "[\"a\",\"b\"]")
                .variable("prefix", "\"dcm\"")
                .knownResource(KEY_ID, "{\"keyUri\":\"https://kv-cmk.vault.azure.net/keys/dicom-key\","
                        + "\"keyUriWithVersion\":\"https://kv-cmk.vault.azure.net/keys/dicom-key/0123456789abcdef\"}");
    }

    static Stream<Arguments> expressions() {
        return Stream.of(
                // the docs' templates
                Arguments.of("[concat(parameters('workspaceName'), '/', parameters('dicomServiceName'))]", "\"ws1/dicom1\""),
                Arguments.of("[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities/', parameters('userAssignedIdentityName'))]",
                        "\"" + RG_ID + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami-dicom\""),
                Arguments.of("[reference(resourceId('Microsoft.KeyVault/vaults/keys', parameters('keyVaultName'), parameters('keyName'))).keyUriWithVersion]",
                        "\"https://kv-cmk.vault.azure.net/keys/dicom-key/0123456789abcdef\""),
                Arguments.of("[resourceId('Microsoft.KeyVault/vaults/', parameters('keyVaultName'))]",
                        "\"" + RG_ID + "/providers/Microsoft.KeyVault/vaults/kv-cmk\""),
                Arguments.of("[resourceId('Microsoft.Authorization/roleDefinitions', '14b46e9e-c2b7-41b4-b07b-48a6ebf60603')]",
                        "\"" + RG_ID + "/providers/Microsoft.Authorization/roleDefinitions/14b46e9e-c2b7-41b4-b07b-48a6ebf60603\""),
                Arguments.of("[format('{0}/{1}', parameters('workspaceName'), parameters('dicomServiceName'))]", "\"ws1/dicom1\""),
                // resource ids
                Arguments.of("[resourceId('Microsoft.KeyVault/vaults/keys', 'kv', 'k')]",
                        "\"" + RG_ID + "/providers/Microsoft.KeyVault/vaults/kv/keys/k\""),
                Arguments.of("[resourceId('Microsoft.KeyVault/vaults/keys', 'kv/k')]",
                        "\"" + RG_ID + "/providers/Microsoft.KeyVault/vaults/kv/keys/k\""),
                Arguments.of("[resourceId('other-rg', 'Microsoft.KeyVault/vaults', 'kv')]",
                        "\"/subscriptions/" + SUB + "/resourceGroups/other-rg/providers/Microsoft.KeyVault/vaults/kv\""),
                Arguments.of("[resourceId('0000', 'other-rg', 'Microsoft.KeyVault/vaults', 'kv')]",
                        "\"/subscriptions/0000/resourceGroups/other-rg/providers/Microsoft.KeyVault/vaults/kv\""),
                Arguments.of("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'e147488a-f6f5-4113-8e2d-b22465e65bf6')]",
                        "\"/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6\""),
                Arguments.of("[tenantResourceId('Microsoft.Authorization/policyDefinitions', 'p1')]",
                        "\"/providers/Microsoft.Authorization/policyDefinitions/p1\""),
                Arguments.of("[extensionResourceId('/x/y', 'Microsoft.Authorization/locks', 'l1')]",
                        "\"/x/y/providers/Microsoft.Authorization/locks/l1\""),
                // scopes
                Arguments.of("[subscription().tenantId]", "\"" + MapContext.TENANT + "\""),
                Arguments.of("[subscription().id]", "\"/subscriptions/" + SUB + "\""),
                Arguments.of("[resourceGroup().location]", "\"westus3\""),
                Arguments.of("[resourceGroup().id]", "\"" + RG_ID + "\""),
                Arguments.of("[resourceGroup()['name']]", "\"rg-dicom\""),
                Arguments.of("[deployment().name]", "\"dicom-cmk-update\""),
                // literals and strings
                Arguments.of("['it''s']", "\"it's\""),
                Arguments.of("[ concat( 'a' , 'b' ) ]", "\"ab\""),
                Arguments.of("[42]", "42"),
                Arguments.of("[-7]", "-7"),
                Arguments.of("[toLower('ABC')]", "\"abc\""),
                Arguments.of("[TOUPPER('abc')]", "\"ABC\""),
                Arguments.of("[string(1)]", "\"1\""),
                Arguments.of("[string(true())]", "\"True\""),
                Arguments.of("[string(parameters('list'))]", "\"[\\\"a\\\",\\\"b\\\"]\""),
                Arguments.of("[concat('n', 1, true())]", "\"n1True\""),
                Arguments.of("[concat(parameters('list'), createArray('c'))]", "[\"a\",\"b\",\"c\"]"),
                Arguments.of("[format('{0}-{{x}}-{1}', 'a', 2)]", "\"a-{x}-2\""),
                Arguments.of("[replace('a-b-c', '-', '')]", "\"abc\""),
                Arguments.of("[substring('abcdef', 2, 3)]", "\"cde\""),
                Arguments.of("[substring('abcdef', 2)]", "\"cdef\""),
                Arguments.of("[split('a,b;c', createArray(',', ';'))]", "[\"a\",\"b\",\"c\"]"),
                Arguments.of("[split('a/b', '/')]", "[\"a\",\"b\"]"),
                Arguments.of("[startsWith('HelloWorld', 'hello')]", "true"),
                Arguments.of("[endsWith('HelloWorld', 'WORLD')]", "true"),
                Arguments.of("[trim('  x  ')]", "\"x\""),
                Arguments.of("[first('abc')]", "\"a\""),
                Arguments.of("[last(parameters('list'))]", "\"b\""),
                Arguments.of("[first(createArray())]", "null"),
                Arguments.of("[length('abcd')]", "4"),
                Arguments.of("[length(parameters('tags'))]", "2"),
                // logic and conversion
                Arguments.of("[equals(parameters('count'), 3)]", "true"),
                Arguments.of("[equals('a', 'A')]", "false"),
                Arguments.of("[not(equals(1, 2))]", "true"),
                Arguments.of("[and(true(), false())]", "false"),
                Arguments.of("[or(false(), true(), false())]", "true"),
                Arguments.of("[if(equals(1, 1), 'yes', 'no')]", "\"yes\""),
                Arguments.of("[if(false(), parameters('doesNotExist'), 'lazy')]", "\"lazy\""),
                Arguments.of("[int('12')]", "12"),
                Arguments.of("[bool('TRUE')]", "true"),
                Arguments.of("[empty('')]", "true"),
                Arguments.of("[empty(null())]", "true"),
                Arguments.of("[empty(parameters('tags'))]", "false"),
                Arguments.of("[null()]", "null"),
                Arguments.of("[json('{\"a\":[1,2]}').a[1]]", "2"),
                Arguments.of("[contains(parameters('tags'), 'ENV')]", "true"),
                Arguments.of("[contains(parameters('list'), 'b')]", "true"),
                Arguments.of("[contains('abc', 'B')]", "false"),
                Arguments.of("[union(parameters('tags'), createObject('env', 'dev', 'x', 1))]",
                        "{\"env\":\"dev\",\"Owner\":\"team\",\"x\":1}"),
                Arguments.of("[union(createObject('a', createObject('b', 1)), createObject('a', createObject('c', 2)))]",
                        "{\"a\":{\"b\":1,\"c\":2}}"),
                Arguments.of("[union(parameters('list'), createArray('b', 'c'))]", "[\"a\",\"b\",\"c\"]"),
                Arguments.of("[coalesce(null(), null(), 'x')]", "\"x\""),
                Arguments.of("[createObject('k', parameters('count'))]", "{\"k\":3}"),
                Arguments.of("[parameters('tags').owner]", "\"team\""),
                Arguments.of("[parameters('list')[1]]", "\"b\""),
                Arguments.of("[variables('prefix')]", "\"dcm\""),
                // hashes
                Arguments.of("[uniqueString('test')]", "\"rbgf3xv4ufgzg\""),
                Arguments.of("[guid('a', 'b', 'c')]", "\"a98fa280-e03f-5afa-8d8e-92d0a9c201e8\""),
                // escapes and non-expressions
                Arguments.of("[[notAnExpression]", "\"[notAnExpression]\""),
                Arguments.of("[[x", "\"[[x\""),
                Arguments.of("[x", "\"[x\""),
                Arguments.of("plain text", "\"plain text\""),
                Arguments.of("", "\"\""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("expressions")
    void evaluates(String expression, String expectedJson) {
        JsonNode actual = ArmExpressions.evaluate(expression, context());
        assertEquals(MapContext.parse(expectedJson), actual, expression);
    }

    @Test
    void recognisesExpressionsAndEscapes() {
        assertTrue(ArmExpressions.isExpression("[parameters('a')]"));
        assertFalse(ArmExpressions.isExpression("[[parameters('a')]"));
        assertFalse(ArmExpressions.isExpression("[abc"));
        assertFalse(ArmExpressions.isExpression("abc]"));
        assertFalse(ArmExpressions.isExpression("["));
        assertFalse(ArmExpressions.isExpression(null));
        assertEquals("[[parameters('a')]", ArmExpressions.escapeLiteral("[parameters('a')]"));
        assertEquals("[[]", ArmExpressions.escapeLiteral("[]"));
        assertEquals("[abc", ArmExpressions.escapeLiteral("[abc"), "ARM would keep '[[abc' verbatim, so it must not be escaped");
        assertEquals("plain", ArmExpressions.escapeLiteral("plain"));
        for (String literal : new String[] {"[x]", "[[x]", "[concat('a')]", "[", "[]", "[[", "]"}) {
            assertEquals(literal, ArmExpressions.evaluate(ArmExpressions.escapeLiteral(literal), context()).textValue(),
                    "escaping round-trips " + literal);
        }
    }

    @Test
    void evaluatesObjectKeysAndValuesIntoANewTree() {
        JsonNode template = MapContext.parse("{\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":"
                + "{\"[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities/', parameters('userAssignedIdentityName'))]\":{}}},"
                + "\"tags\":{\"[[literal]\":\"[[value]\",\"n\":[1,\"[parameters('count')]\"]}}");
        JsonNode before = template.deepCopy();
        JsonNode result = ArmExpressions.evaluateTree(template, context());
        assertEquals(MapContext.parse("{\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":"
                + "{\"" + RG_ID + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami-dicom\":{}}},"
                + "\"tags\":{\"[literal]\":\"[value]\",\"n\":[1,3]}}"), result);
        assertEquals(before, template, "the input tree is not modified");
    }

    @Test
    void objectKeyMustEvaluateToAString() {
        ExpressionException e = assertThrows(ExpressionException.class,
                () -> ArmExpressions.evaluateTree(MapContext.parse("{\"[parameters('count')]\":1}"), context()));
        assertTrue(e.getMessage().contains("key must be a string"), e.getMessage());
    }

    @Test
    void reportsEvaluationErrorsWithTheExpression() {
        MapContext ctx = context();
        assertMessage(() -> ArmExpressions.evaluate("[resourceId('Microsoft.KeyVault/vaults/keys', 'kv')]", ctx),
                "resourceId", "1 resource name segment(s)");
        assertMessage(() -> ArmExpressions.evaluate("[toLower(1)]", ctx), "toLower", "expects argument 1 to be a string, got an integer");
        assertMessage(() -> ArmExpressions.evaluate("[noSuchFunction()]", ctx), "noSuchFunction", "is not a template function");
        assertMessage(() -> ArmExpressions.evaluate("[parameters('tags').missing]", ctx), "property 'missing' does not exist");
        assertMessage(() -> ArmExpressions.evaluate("[parameters('list')[5]]", ctx), "index 5 is outside the array");
        assertMessage(() -> ArmExpressions.evaluate("[substring('abc', 2, 5)]", ctx), "must lie within the string");
        assertMessage(() -> ArmExpressions.evaluate("[format('{3}', 'a')]", ctx), "refers to {3}");
        assertMessage(() -> ArmExpressions.evaluate("[variables('nope')]", ctx), "variable 'nope' is not defined");
        assertMessage(() -> ArmExpressions.evaluate("[concat(parameters('list'), 'x')]", ctx), "expects argument 2 to be an array");
    }

    @Test
    void unsupportedFunctionsThrowInStrictModeNamingTheFunction() {
        UnsupportedExpressionException e = assertThrows(UnsupportedExpressionException.class,
                () -> ArmExpressions.evaluate("[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa'), '2023-01-01').keys[0].value]",
                        context()));
        assertEquals("listKeys", e.function());
        assertTrue(e.getMessage().contains("listKeys") && e.getMessage().contains("not supported"), e.getMessage());
        assertEquals("utcNow", assertThrows(UnsupportedExpressionException.class,
                () -> ArmExpressions.evaluate("[utcNow()]", context())).function());
        assertEquals("ns.fn", assertThrows(UnsupportedExpressionException.class,
                () -> ArmExpressions.evaluate("[ns.fn('a')]", context())).function());
        // .NET's "N" numeric format is evaluated (ArmDocumentedSemanticsTest); other format strings and alignments are not
        assertThrows(UnsupportedExpressionException.class, () -> ArmExpressions.evaluate("[format('{0:X}', 1)]", context()));
        assertThrows(UnsupportedExpressionException.class, () -> ArmExpressions.evaluate("[format('{0,5}', 1)]", context()));
    }

    @Test
    void undeterminedValuesThrowInStrictMode() {
        UndeterminedValueException e = assertThrows(UndeterminedValueException.class,
                () -> ArmExpressions.evaluate("[reference(resourceId('Microsoft.KeyVault/vaults/keys', 'other', 'k')).keyUri]", context()));
        assertTrue(e.getMessage().contains("[reference(") && e.getMessage().contains("not known"), e.getMessage());
    }

    @Test
    void lenientModeLeavesAMarkerThatPropagatesAndSaysWhatIsMissing() {
        MapContext ctx = MapContext.lenient().parameter("name", "\"n\"");
        JsonNode value = ArmExpressions.evaluate(
                "[concat('key: ', toLower(listKeys(resourceId('Microsoft.Storage/storageAccounts', parameters('name')), '2023-01-01').keys[0].value))]",
                ctx);
        Unresolved unresolved = ArmExpressions.unresolved(value).orElseThrow();
        assertEquals("listKeys(resourceId('Microsoft.Storage/storageAccounts', parameters('name')), '2023-01-01')",
                unresolved.expression());
        assertTrue(unresolved.reason().contains("listKeys"), unresolved.reason());
        assertTrue(value.textValue().startsWith("could not determine: listKeys("), value.textValue());

        JsonNode missingParameter = ArmExpressions.evaluate("[format('{0}/{1}', parameters('name'), parameters('other'))]", ctx);
        assertEquals("parameters('other')", ArmExpressions.unresolved(missingParameter).orElseThrow().expression());

        JsonNode unknownReference = ArmExpressions.evaluate(
                "[reference(resourceId('Microsoft.KeyVault/vaults/keys', 'kv', 'k')).keyUriWithVersion]", ctx);
        assertTrue(ArmExpressions.unresolved(unknownReference).orElseThrow().expression().startsWith("reference("));

        JsonNode tree = ArmExpressions.evaluateTree(MapContext.parse("{\"a\":[\"[parameters('other')]\",\"[parameters('name')]\"]}"), ctx);
        assertTrue(ArmExpressions.unresolved(tree.get("a").get(0)).isPresent());
        assertEquals("n", tree.get("a").get(1).textValue());
        assertFalse(ArmExpressions.unresolved(tree.get("a").get(1)).isPresent());
    }

    @Test
    void lenientModeStillRejectsRealErrors() {
        MapContext ctx = MapContext.lenient();
        assertThrows(ExpressionException.class, () -> ArmExpressions.evaluate("[noSuchFunction()]", ctx));
        assertThrows(ExpressionException.class, () -> ArmExpressions.evaluate("[concat('a']", ctx));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... fragments) {
        ExpressionException e = assertThrows(ExpressionException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
        }
        assertTrue(e.getMessage().contains("\"["), () -> "the message quotes the expression: " + e.getMessage());
    }
}
