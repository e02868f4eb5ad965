package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an expression can see of its deployment. Implementations throw
 * {@link ExpressionException} for names that do not exist, and
 * {@link UndeterminedValueException} (or {@link UnsupportedExpressionException}) for values that
 * exist but are not known here; the evaluator turns the latter into {@link Unresolved} markers in
 * LENIENT mode.
 */
public interface EvaluationContext {

    JsonNode parameter(String name);

    JsonNode variable(String name);

    String subscriptionId();

    String tenantId();

    String resourceGroupName();

    String resourceGroupLocation();

    String deploymentName();

    /** reference(resourceIdOrName, [apiVersion], ['Full']): the resource's properties, or its full body when full. */
    JsonNode reference(String resourceIdOrName, String apiVersion, boolean full);

    Mode mode();

    enum Mode {
        /** Deployment: anything not known is an error. */
        STRICT,
        /** Analysis: anything not known becomes an {@link Unresolved} marker that propagates. */
        LENIENT
    }
}
