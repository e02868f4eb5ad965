package dev.dicomcmk.template.expressions;

import com.fasterxml.jackson.databind.JsonNode;

/** Answers reference() for a template being resolved: the sandbox knows its resources, an offline check knows none. */
@FunctionalInterface
public interface ReferenceResolver {

    /** Throws {@link UndeterminedValueException} when the resource is not known. */
    JsonNode reference(String resourceIdOrName, String apiVersion, boolean full);

    /** Knows no resource: every reference() is undetermined (an error in STRICT mode, a marker in LENIENT). */
    ReferenceResolver NONE = (id, apiVersion, full) -> {
        throw new UndeterminedValueException("reference() to " + id + " needs the deployed resource, which is not known here");
    };
}
