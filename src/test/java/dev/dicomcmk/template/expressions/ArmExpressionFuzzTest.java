package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.dicomcmk.reliability.Fuzz;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ARM expression language under hostile text: parsing and evaluating thousands of mutated
 * expressions ends in a value or an {@link ExpressionException} (its documented refusal, which
 * the template commands turn into exit 2 or a finding), never another exception, never a hang; and
 * escaping any string as a literal gives back exactly that string, so data that looks like an
 * expression can never be evaluated once it is in a rendered template.
 */
class ArmExpressionFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 8L);
    private static final int N = Integer.getInteger("fuzz.count", 3000);

    private static final List<String> SEEDS = List.of(
            "[concat(parameters('workspaceName'), '/', parameters('dicomServiceName'))]",
            "[resourceId('Microsoft.KeyVault/vaults/keys', parameters('vault'), 'k')]",
            "[if(equals(parameters('identityType'), 'None'), null(), createObject('type', 'SystemAssigned'))]",
            "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'u')).principalId]",
            "[format('{0}-{1}', 'a', add(1, 2))]", "[[not an expression]", "[variables('v')[0].x]",
            "[guid(subscription().id, 'x')]", "[json('{\"a\":[1,2]}').a[1]]");

    private static EvaluationContext context() {
        return MapContext.lenient().parameter("workspaceName", "\"ws\"").parameter("dicomServiceName", "\"d\"")
                .parameter("vault", "\"kv\"").parameter("identityType", "\"SystemAssigned\"").variable("v", "[{\"x\":1}]");
    }

    @Test
    void hostileExpressionsEvaluateOrAreRefusedWithExpressionException() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int refused = 0;
            for (String input : new Fuzz(SEED).inputs(SEEDS, N)) {
                try {
                    ArmExpressions.evaluate(input, context());
                } catch (ExpressionException e) {
                    refused++;
                    assertTrue(e.getMessage() != null && e.getMessage().length() <= 2000,
                            "message of " + (e.getMessage() == null ? 0 : e.getMessage().length()) + " chars for " + Fuzz.show(input) + ": " + Fuzz.show(String.valueOf(e.getMessage())));
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("evaluate threw " + e + " for " + Fuzz.show(input), e);
                }
            }
            assertTrue(refused > N / 4, "the mutations hardly ever broke an expression (" + refused + "): weak fuzzer");
        });
    }

    @Test
    void deeplyNestedExpressionsAreRefusedNotAStackOverflow() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            String deep = "[" + "concat(".repeat(20_000) + "'a'" + ")".repeat(20_000) + "]";
            try {
                ArmExpressions.evaluate(deep, context());
            } catch (ExpressionException expected) {
                // refusing is fine; blowing the stack is not
            } catch (StackOverflowError e) {
                throw new AssertionError("20,000 nested calls overflow the stack instead of being refused", e);
            }
        });
    }

    @Test
    void anyStringEscapedAsALiteralEvaluatesToItself() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String input : new Fuzz(SEED + 1).inputs(SEEDS, N)) {
                String escaped = ArmExpressions.escapeLiteral(input);
                assertEquals(TextNode.valueOf(input), ArmExpressions.evaluate(escaped, context()),
                        "escaped " + Fuzz.show(input) + " as " + Fuzz.show(escaped));
            }
        });
    }
}
