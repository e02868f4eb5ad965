package dev.dicomcmk.sandbox.arm.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One resource of a template with its expressions evaluated: type ("Microsoft.X/y/z"), apiVersion,
 * name as written ("ws/dicom" for child types), the ARM id it deploys to, the evaluated body, the
 * ids it depends on and where it sits in the template (a JSON pointer, for error messages).
 */
public record TemplateResource(String type, String apiVersion, String name, String id, JsonNode body,
                               List<String> dependsOn, String jsonPointer) {
}
