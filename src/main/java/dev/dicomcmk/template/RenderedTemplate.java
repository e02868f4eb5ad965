package dev.dicomcmk.template;

import com.fasterxml.jackson.databind.JsonNode;

/** A deployment template and its parameters file, as the exact text to write and as trees. */
public record RenderedTemplate(String templateJson, String parametersJson, JsonNode template, JsonNode parameters) {
}
