package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;

/** One template function over already-evaluated arguments. */
@FunctionalInterface
interface ArmFunction {
    JsonNode apply(Call call);
}
