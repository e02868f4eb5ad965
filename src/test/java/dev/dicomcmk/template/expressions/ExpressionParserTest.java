package dev.dicomcmk.template.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Random;

class ExpressionParserTest {

    @Test
    void parsesNestedCallsAndAccessors() {
        Expr expr = ArmExpressions.parse(
                "[reference(resourceId('Microsoft.KeyVault/vaults/keys', parameters('kv'), parameters('k'))).keyUriWithVersion]");
        Expr.PropertyAccess access = (Expr.PropertyAccess) expr;
        assertEquals("keyUriWithVersion", access.property());
        Expr.FunctionCall reference = (Expr.FunctionCall) access.target();
        assertEquals("reference", reference.name());
        assertEquals(1, reference.arguments().size());
        assertEquals("reference(resourceId('Microsoft.KeyVault/vaults/keys', parameters('kv'), parameters('k'))).keyUriWithVersion",
                expr.render());
    }

    @Test
    void rendersIndexAccessAndEscapedQuotes() {
        assertEquals("parameters('a')[0]['b'].c", ArmExpressions.parse("[parameters('a')[0]['b'].c]").render());
        assertEquals("concat('it''s', -1)", ArmExpressions.parse("[concat('it''s',-1)]").render());
    }

    @Test
    void escapedLiteralParsesToTheLiteral() {
        assertEquals(new Expr.StringLiteral("[x]", 0), ArmExpressions.parse("[[x]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[concat('a']          | 11 | expected ',' or ')' in the arguments of 'concat', found the end",
            "[concat('a',)]        | 12 | expected a string, an integer or a function call",
            "['unclosed]           | 1  | string literal is not closed",
            "[parameters('a') 'b'] | 17 | unexpected string",
            "[]                    | 1  | expression is empty",
            "[  ]                  | 3  | expression is empty",
            "[concat('a')).x]      | 12 | unexpected ')'",
            "[a.b.c()]             | 4  | expected '(' after function name 'a.b'",
            "[f(1)#]               | 5  | unexpected character '#'",
            "[f(1).]               | 6  | expected a property name after '.'",
            "[concat('a'           | 0  | not a template expression",
            "[f(1)[0]              | 7  | expected ']' to close the index",
            "[f(1)[0 1]]           | 8  | expected ']' to close the index, found integer 1",
            "[true]                | 5  | expected '(' after function name 'true'",
            "[99999999999999999999] | 1 | out of range",
    })
    void reportsSyntaxErrorsWithPositions(String expression, int position, String problem) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> ArmExpressions.parse(expression.strip()));
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().contains(expression.strip()) || position == 0, e.getMessage());
    }

    @Test
    void rejectsHostileNesting() {
        String deep = "[" + "f(".repeat(10_000) + ")".repeat(10_000) + "]";
        ExpressionException e = assertThrows(ExpressionException.class, () -> ArmExpressions.parse(deep));
        assertTrue(e.getMessage().contains("nested more than"), e.getMessage());
    }

    /** Random input only ever yields a tree or an ExpressionException, and quickly. */
    @Test
    void fuzzedInputNeverEscapesAsAnythingButExpressionException() {
        Random random = new Random(20240331L);
        String alphabet = "[]()'',.  abcfxyz019-_$\"{}\\\n\t/";
        String[] fragments = {"concat(", "parameters('", "')", "[[", "'']", ").", "[0]", "resourceId(", ",", "''''"};
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 20_000; i++) {
                StringBuilder s = new StringBuilder("[");
                int length = random.nextInt(40);
                for (int j = 0; j < length; j++) {
                    if (random.nextInt(4) == 0) {
                        s.append(fragments[random.nextInt(fragments.length)]);
                    } else {
                        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                if (random.nextBoolean()) {
                    s.append(']');
                }
                String input = s.toString();
                try {
                    ArmExpressions.parse(input);
                    ArmExpressions.evaluate(input, MapContext.lenient());
                } catch (ExpressionException expected) {
                    // the only failure a caller has to handle
                } catch (RuntimeException | StackOverflowError other) {
                    throw new AssertionError("input " + input + " raised " + other, other);
                }
            }
        });
    }
}
