package dev.dicomcmk.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dicomcmk.model.InvalidInputException;

/** The one way a use case renders a service's template: every property kept, bad input exit 2. */
public final class ServiceTemplates {

    private ServiceTemplates() {
    }

    /** @param toolVersion stamped into the template's generator metadata */
    public static RenderedTemplate render(JsonNode current, DesiredState desired, String toolVersion) {
        try {
            return new ArmTemplateRenderer(toolVersion).render(current, desired);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }
}
